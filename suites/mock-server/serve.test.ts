// `npm run serve` as a process (mock-server/cli.ts under tsx, as the npm script runs it): SIGTERM
// drains and closes (idle clients closed, new ones refused, exit 0), --log-sql logs a client's
// normal leaving as a disconnect and never as an error, and every bad flag is one clear line on
// stderr and exit 2, with nothing on stdout.
import { connect } from "node:net";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { runServe, startServe } from "./serve-process.ts";

const run = (args: readonly string[]) => runServe(args).exited;

const connectTo = (port: number) => mysql.createConnection({ host: "127.0.0.1", port, user: "root", password: "", database: "test" });

describe("npm run serve (a process of its own)", () => {
  it("SIGTERM: idle clients are closed, new ones refused, 'closed' and exit 0", async () => {
    const s = await startServe();
    const idle = await connectTo(s.port);
    await idle.query("CREATE TABLE kept (id INT PRIMARY KEY)");
    const idleClosed = new Promise<void>((resolve) => idle.once("end", () => resolve()).once("error", () => resolve()));
    s.child.kill("SIGTERM");
    await idleClosed;
    const { code, signal, stderr } = await s.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(/^SIGTERM: no new connections; answering what has arrived, then closing\nclosed\n$/);
    const refused = await new Promise<string>((resolve) => connect(s.port, "127.0.0.1").once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "")).once("connect", () => resolve("connected")));
    expect(refused).toBe("ECONNREFUSED");
  }, 60_000);

  it("--log-sql: quit, close and a reset client are logged as such, none as an error; statements and their outcomes are logged", async () => {
    const s = await startServe(["--log-sql"]);
    const quits = await connectTo(s.port);
    await quits.query("SELECT 1 AS one");
    await quits.query("SELEC 1").catch(() => undefined);
    await quits.end();
    const closes = await connectTo(s.port);
    closes.destroy(); // the socket closed without COM_QUIT
    const resets = await connectTo(s.port);
    (resets as unknown as { connection: { stream: import("node:net").Socket } }).connection.stream.resetAndDestroy();
    const deadline = Date.now() + 5000;
    while ((s.out.stderr.match(/disconnected|reset by the client/g) ?? []).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    s.child.kill("SIGTERM");
    const { code, stderr } = await s.exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/disconnected \(COM_QUIT\)/);
    expect(stderr).toMatch(/disconnected \(the client closed the connection\)/);
    expect(stderr).toMatch(/connection reset by the client/);
    expect(stderr).toMatch(/SELECT 1 AS one/);
    expect(stderr).toMatch(/1064/);
    // The 1064 is the statement's outcome; no line about a connection speaks of an error.
    expect(stderr.split("\n").filter((l) => /connect|disconnect|reset|closed/i.test(l) && /error/i.test(l))).toEqual([]);
  }, 60_000);

  it.each([
    [["--port", "abc"], /^error: --port must be an integer from 0 to 65535, got 'abc' \(npm run serve -- --help for usage\)$/],
    [["--port", "70000"], /^error: --port must be an integer from 0 to 65535, got '70000'/],
    [["--wait-timeout", "0"], /^error: --wait-timeout must be an integer from 1 to/],
    [["--max-connections=-3"], /^error: --max-connections must be an integer from 1 to \d+, got '-3'/],
    [["--max-connections", "-3"], /^error: Option '--max-connections' argument is ambiguous; .*'--max-connections=-XYZ'/],
    [["--user", "a@b"], /^error: --user must be a plain name, got 'a@b'/],
    [["--database", "a-b"], /^error: --database must be \[A-Za-z0-9_\$\]\+, got 'a-b'/],
    [["--bogus"], /^error: Unknown option '--bogus'/],
    [["stray"], /^error: .*stray/],
    [["--port"], /^error: Option '--port <value>' argument missing/],
  ])("%j: one line on stderr naming the flag, exit 2, nothing on stdout", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  }, 30_000);

  it("a port already taken: one line naming it, exit 2", async () => {
    const s = await startServe();
    const { code, stdout, stderr } = await run(["--port", String(s.port)]);
    s.child.kill("SIGTERM");
    await s.exited;
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd()).toMatch(new RegExp(`^error: cannot listen on 127\\.0\\.0\\.1:${s.port}: .*EADDRINUSE`));
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  }, 60_000);
});

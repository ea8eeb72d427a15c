// Text for the report writers, from whatever a run recorded: every value becomes a string without
// throwing (undefined, NaN, bigint, cycles, getters that throw), long text is clipped, and each
// format gets its own escaping. Code points a format cannot hold are replaced visibly by their
// \uXXXX spelling, so a lone surrogate in an id stays visible instead of vanishing.

/** JSON for a value, never throwing: undefined, NaN, ±Infinity, -0, bigint and cycles get a readable spelling. */
export function safeJson(value: unknown, indent?: number): string {
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(
      value,
      function (_key, v: unknown) {
        if (v === undefined) return "(undefined)";
        if (typeof v === "bigint") return `${v}n`;
        if (typeof v === "number" && !Number.isFinite(v)) return String(v);
        if (typeof v === "number" && Object.is(v, -0)) return "-0";
        if (typeof v === "function" || typeof v === "symbol") return String(v);
        if (v !== null && typeof v === "object") {
          if (seen.has(v)) return "(cycle)";
          seen.add(v);
        }
        return v;
      },
      indent,
    );
    return text ?? "(undefined)";
  } catch (e) {
    return `(not printable: ${e instanceof Error ? e.message : "unknown"})`;
  }
}

/** A value as text: strings as they are, everything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return safeJson(value);
}

/** A finite number, or `fallback` for anything else (NaN, strings, undefined). */
export function asNumber(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** At most `max` UTF-16 units, not cutting a surrogate pair, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

const hex = (unit: number) => `\\u${unit.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Replaces what XML 1.0 cannot hold (C0 controls but tab/newline/return, lone surrogates, U+FFFE,
 * U+FFFF) with its \uXXXX spelling; also used for HTML, where the same code points are errors.
 */
export function visibleCodePoints(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => hex(c.charCodeAt(0)));
}

/** Text for an XML element or attribute. */
export function xmlEscape(value: unknown, max = 1_000_000): string {
  return visibleCodePoints(clip(asText(value), max))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/** Text for an XML element's content: newlines stay newlines. */
export function xmlText(value: unknown, max = 1_000_000): string {
  return visibleCodePoints(clip(asText(value), max)).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text for HTML content or a quoted attribute. */
export function htmlEscape(value: unknown, max = 1_000_000): string {
  return visibleCodePoints(clip(asText(value), max)).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON to embed in an HTML <script> element: no "</script", "<!--" or lone surrogates can end or break it. */
export function scriptJson(value: unknown): string {
  return safeJson(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Text for one Markdown table cell or inline run: one line, no table breaks, no HTML. */
export function mdInline(value: unknown, max = 300): string {
  return visibleCodePoints(clip(asText(value), max))
    .replace(/\r?\n|\r/g, " ")
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** Text for an inline Markdown code span (backslashes are literal there, so nothing is escaped; backticks go). */
export function mdCodeSpan(value: unknown, max = 300): string {
  return `\`${visibleCodePoints(clip(asText(value), max)).replace(/\r?\n|\r/g, " ").replace(/`/g, "'")}\``;
}

/** A fenced Markdown code block that its content cannot close. */
export function mdCode(value: unknown, max = 4000, lang = ""): string {
  const body = visibleCodePoints(clip(asText(value), max));
  let fence = "```";
  while (body.includes(fence)) fence += "`";
  return `${fence}${lang}\n${body}\n${fence}`;
}

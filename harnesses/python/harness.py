#!/usr/bin/env python3
"""The pyseekdb harness: speaks spec/harness-protocol.md (version 1) on stdin/stdout.

It translates, it never decides: arguments reach pyseekdb unchanged (a single value stays single,
None stays None, an absent key is an absent keyword argument), and what pyseekdb returned or raised
comes back as an observation, the raw message, errno and exception type kept. Only protocol lines
go to stdout; everything else (pyseekdb's logging, PYSEEKDB_PRINT_SQL, tracebacks) goes to stderr.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import math
import os
import sys
import traceback
from typing import Any

PROTOCOL = 1

# Protocol lines go to the original stdout; fd 1 becomes stderr so that nothing pyseekdb prints
# (PYSEEKDB_PRINT_SQL prints SQL with print()) can corrupt the stream.
_proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
os.dup2(2, 1)
sys.stdout = sys.stderr

logging.basicConfig(stream=sys.stderr, level=getattr(logging, os.environ.get("HARNESS_LOG_LEVEL", "CRITICAL").upper(), logging.CRITICAL))


# ---------------------------------------------------------------- marker codec (spec/codec.ts)


class BadRequest(Exception):
    """A request this harness cannot carry out as sent: answered with protocolError, never fatal."""


# Python has no undefined distinct from None and no array holes: declared in the capabilities, so
# the runner never sends them; receiving one is a bad request, not a silent None.
CAPABILITIES = {
    "values": {"undefined": False, "holes": False, "nan": True, "infinity": True, "negativeZero": True, "dollarKeys": True},
    "embeddingFunctions": ["length", "failing", "short", "long", "wrong_dimension"],
    "noEmbeddingFunction": True,
    "commands": ["createCollection", "openCollection", "seed", "upsert", "add", "update", "delete", "get", "count", "query", "refreshIndex", "dropCollection", "close"],
}

DISTANCES = ("l2", "cosine", "inner_product")

# The protocol's query arguments (seekdb-js's names) and pyseekdb's keyword for each.
QUERY_KEYWORDS = {"queryEmbeddings": "query_embeddings", "queryTexts": "query_texts", "nResults": "n_results", "include": "include"}

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def _pointer(path: list) -> str:
    if not path:
        return "/"
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def decode(j: Any, path: list | None = None) -> Any:
    """The value a marker-codec JSON form stands for (strict: a malformed marker is a BadRequest)."""
    path = [] if path is None else path
    if isinstance(j, list):
        out = []
        for i, e in enumerate(j):
            path.append(i)
            if isinstance(e, dict) and "$hole" in e:
                raise BadRequest(f"array hole at {_pointer(path)}: this harness declared holes unsupported")
            out.append(decode(e, path))
            path.pop()
        return out
    if not isinstance(j, dict):
        return j
    marker = next((k for k in j if k.startswith("$")), None)
    if marker is None:
        return _decode_members(j, path)

    def bad(why: str) -> BadRequest:
        return BadRequest(f"bad marker at {_pointer(path)}: {why} ({json.dumps(j)[:120]})")

    def only(*keys: str) -> None:
        if set(j.keys()) != set(keys) or len(j) != len(keys):
            raise bad("expected exactly the keys " + ", ".join(keys))

    if marker == "$undefined":
        only("$undefined")
        if j["$undefined"] is not True:
            raise bad("$undefined must be true")
        raise BadRequest(f"undefined at {_pointer(path)}: this harness declared undefined unsupported (Python has only None)")
    if marker == "$number":
        only("$number")
        if not isinstance(j["$number"], str) or j["$number"] not in _SPECIAL:
            raise bad("$number must be one of " + ", ".join(_SPECIAL))
        return _SPECIAL[j["$number"]]
    if marker == "$hole":
        raise bad("$hole must be inside an array")
    if marker == "$object":
        only("$object")
        if not isinstance(j["$object"], dict):
            raise bad("$object must hold an object")
        path.append("$object")
        try:
            return _decode_members(j["$object"], path)
        finally:
            path.pop()
    if marker == "$repeat":
        only("$repeat", "times")
        times = j["times"]
        if not isinstance(j["$repeat"], str) or not isinstance(times, int) or isinstance(times, bool) or not 0 <= times <= 10_000_000:
            raise bad("$repeat must be a string and times an integer in 0..1e7")
        return j["$repeat"] * times
    if marker == "$concat":
        only("$concat")
        if not isinstance(j["$concat"], list):
            raise bad("$concat must hold an array")
        parts = []
        for i, p in enumerate(j["$concat"]):
            path.extend(["$concat", i])
            d = decode(p, path)
            del path[-2:]
            if not isinstance(d, str):
                raise bad("$concat parts must decode to strings")
            parts.append(d)
        return "".join(parts)
    raise bad(f'unknown marker {marker} (wrap an object with "$" keys in {{"$object": ...}})')


def _decode_members(o: dict, path: list) -> dict:
    out = {}
    for k, v in o.items():
        path.append(k)
        out[k] = decode(v, path)
        path.pop()
    return out


class Unencodable(Exception):
    pass


def encode(v: Any, path: list | None = None) -> Any:
    """The marker-codec JSON form of a Python value pyseekdb returned."""
    path = [] if path is None else path
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return {"$number": "NaN"}
        if math.isinf(v):
            return {"$number": "Infinity" if v > 0 else "-Infinity"}
        if v == 0 and math.copysign(1.0, v) < 0:
            return {"$number": "-0"}
        return v
    if isinstance(v, (list, tuple)):
        out = []
        for i, e in enumerate(v):
            path.append(i)
            out.append(encode(e, path))
            path.pop()
        return out
    if isinstance(v, dict):
        out = {}
        for k, e in v.items():
            if not isinstance(k, str):
                raise Unencodable(f"a dict key of type {type(k).__name__} at {_pointer(path)}")
            path.append(k)
            out[k] = encode(e, path)
            path.pop()
        return {"$object": out} if any(k.startswith("$") for k in out) else out
    # numpy scalars and the like: a plain float/int when they are one, else an error naming the type
    for cast in (int, float):
        if type(v).__name__.startswith(cast.__name__) and hasattr(v, "item"):
            return encode(v.item(), path)
    raise Unencodable(f"a {type(v).__module__}.{type(v).__name__} at {_pointer(path)}")


# ---------------------------------------------------------------- embedding functions (spec/embedding-functions.ts)


class EmbeddingFunctionFailure(Exception):
    """Raised by the referee's functions, so a failure of the function is told from pyseekdb's own."""


def _js_typeof(t: Any) -> str:
    if t is None:
        return "null"
    if isinstance(t, bool):
        return "boolean"
    if isinstance(t, (int, float)):
        return "number"
    if isinstance(t, str):
        return "string"
    return "object"


def length_vector(text: str, dimension: int) -> list[float]:
    # len() counts code points, as `for (const _ of text)` does in spec/embedding-functions.ts.
    n = len(text)
    return [n + j / 4 for j in range(dimension)]


def _length_vectors(texts: list, dimension: int) -> list[list[float]]:
    out = []
    for t in texts:
        if not isinstance(t, str):
            raise EmbeddingFunctionFailure(f"embedding function accepts strings only, got {_js_typeof(t)}")
        out.append(length_vector(t, dimension))
    return out


def run_embedding_function(name: str, texts: list, dimension: int) -> list[list[float]]:
    if name == "length":
        return _length_vectors(texts, dimension)
    if name == "failing":
        raise EmbeddingFunctionFailure("embedding provider unavailable (referee 'failing' function)")
    if name == "short":
        return _length_vectors(texts, dimension)[:-1] if texts else []
    if name == "long":
        return _length_vectors(texts, dimension) + [length_vector("", dimension)]
    if name == "wrong_dimension":
        return _length_vectors(texts, dimension + 1)
    raise BadRequest(f"unknown embedding function {name!r}")


class RefereeEmbeddingFunction:
    """pyseekdb's EmbeddingFunction protocol around one named function; records every call."""

    def __init__(self, fn: str, dimension: int):
        if fn not in CAPABILITIES["embeddingFunctions"] or not isinstance(dimension, int):
            raise ValueError(f"bad referee embedding function config {fn!r}, {dimension!r}")
        self.fn = fn
        # An attribute, so pyseekdb never probes the function with "seekdb" to learn the dimension.
        self.dimension = dimension
        self.calls: list[list] = []

    def __call__(self, documents: Any) -> list[list[float]]:
        texts = list(documents) if isinstance(documents, (list, tuple)) else [documents]
        self.calls.append(texts)
        return run_embedding_function(self.fn, texts, self.dimension)

    @staticmethod
    def name() -> str:
        return "referee"

    def get_config(self) -> dict:
        return {"fn": self.fn, "dimension": self.dimension}

    @staticmethod
    def build_from_config(config: dict) -> "RefereeEmbeddingFunction":
        return RefereeEmbeddingFunction(config.get("fn"), config.get("dimension"))


# ---------------------------------------------------------------- errors


def _chain(e: BaseException):
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        yield e
        e = e.__cause__ or e.__context__


def classify(e: BaseException) -> dict:
    """Our error class for what pyseekdb raised; the raw message, errno and type always kept."""
    import pymysql

    out: dict = {"message": f"{type(e).__name__}: {e}", "exception": type(e).__name__}
    mysql_error = next((x for x in _chain(e) if isinstance(x, pymysql.err.MySQLError)), None)
    if mysql_error is not None and mysql_error.args and isinstance(mysql_error.args[0], int):
        out["errno"] = mysql_error.args[0]
    if any(isinstance(x, EmbeddingFunctionFailure) for x in _chain(e)):
        out["class"] = "embedding_function"
    elif "errno" in out:
        out["class"] = {7600: "dimension", 1062: "duplicate", 1146: "not_found"}.get(out["errno"], "server")
    elif mysql_error is not None:
        out["class"] = "server"  # a client-side pymysql error (lost connection, ...)
    elif isinstance(e, ValueError):
        out["class"] = "not_found" if "does not exist" in str(e) else "validation"
    else:
        # TypeError, OverflowError, struct.error, AttributeError...: pyseekdb itself failed on the input.
        out["class"] = "crash"
    return out


# ---------------------------------------------------------------- commands


class Harness:
    def __init__(self) -> None:
        self.client = None
        self.collections: dict[str, Any] = {}
        self.functions: dict[str, RefereeEmbeddingFunction | None] = {}

    def hello(self, req: dict) -> dict:
        import pyseekdb
        from pyseekdb.client.embedding_function import EmbeddingFunctionRegistry

        server = req.get("server")
        if not isinstance(server, dict):
            raise BadRequest("hello needs server: {host, port, user, password, database}")
        try:
            EmbeddingFunctionRegistry.register(RefereeEmbeddingFunction)
        except ValueError as e:
            if "already" not in str(e):
                raise
        self.client = pyseekdb.Client(
            host=server["host"], port=int(server["port"]), user=server.get("user", "root"),
            password=server.get("password", ""), database=server.get("database", "test"),
        )
        return {"protocol": PROTOCOL, "ok": True, "client": "pyseekdb", "version": importlib.metadata.version("pyseekdb"), "capabilities": CAPABILITIES}

    def _collection(self, req: dict):
        name = req.get("collection")
        if name not in self.collections:
            raise BadRequest(f"collection {name!r} was not created through this harness")
        return self.collections[name], self.functions[name]

    def create_collection(self, req: dict):
        from pyseekdb import HNSWConfiguration

        name, dimension, fn = req.get("name"), req.get("dimension"), req.get("embeddingFunction")
        distance = req.get("distance", "l2")
        if not isinstance(name, str) or not isinstance(dimension, int) or not (fn is None or isinstance(fn, str)):
            raise BadRequest("createCollection needs name (string), dimension (integer), embeddingFunction (name or null)")
        if fn is not None and fn not in CAPABILITIES["embeddingFunctions"]:
            raise BadRequest(f"unknown embedding function {fn!r}")
        if distance not in DISTANCES:
            raise BadRequest(f"distance must be one of {', '.join(DISTANCES)}, got {distance!r}")
        ef = RefereeEmbeddingFunction(fn, dimension) if fn is not None else None
        # Never the default embedding function: it would download a model.
        collection = self.client.create_collection(name, configuration=HNSWConfiguration(dimension=dimension, distance=distance), embedding_function=ef)
        self.collections[name] = collection
        self.functions[name] = ef
        return None, ef

    def open_collection(self, req: dict):
        name, dimension, fn = req.get("name"), req.get("dimension"), req.get("embeddingFunction")
        if not isinstance(name, str) or not isinstance(dimension, int) or not (fn is None or isinstance(fn, str)):
            raise BadRequest("openCollection needs name (string), dimension (integer), embeddingFunction (name or null)")
        if fn is not None and fn not in CAPABILITIES["embeddingFunctions"]:
            raise BadRequest(f"unknown embedding function {fn!r}")
        ef = RefereeEmbeddingFunction(fn, dimension) if fn is not None else None
        self.collections[name] = self.client.get_collection(name, embedding_function=ef)
        self.functions[name] = ef
        return None, ef

    def seed(self, req: dict):
        collection, ef = self._collection(req)
        records = decode(req.get("records"))
        if not isinstance(records, list) or not all(isinstance(r, dict) and "id" in r and "embedding" in r for r in records):
            raise BadRequest("seed needs records: [{id, document, embedding, metadata}]")
        collection.add(
            ids=[r["id"] for r in records],
            embeddings=[r["embedding"] for r in records],
            documents=[r.get("document") for r in records],
            metadatas=[r.get("metadata") for r in records],
        )
        return None, ef

    def write(self, op: str, req: dict):
        args = decode(req.get("args", {}))
        if not isinstance(args, dict) or not set(args) <= {"ids", "embeddings", "documents", "metadatas"}:
            raise BadRequest(f"{op} args must be an object with keys among ids, embeddings, documents, metadatas")
        collection, ef = self._collection(req)
        # Exactly the keys given become keyword arguments; pyseekdb's own defaults apply to the rest.
        return getattr(collection, op)(**args), ef

    def delete(self, req: dict):
        collection, ef = self._collection(req)
        ids = decode(req.get("ids"))
        return collection.delete(ids=ids), ef

    def get(self, req: dict):
        collection, ef = self._collection(req)
        kwargs: dict = {"include": ["documents", "metadatas", "embeddings"]}
        if "ids" in req:
            kwargs["ids"] = decode(req["ids"])
        if "limit" in req:
            kwargs["limit"] = req["limit"]
        result = collection.get(**kwargs)
        ids = result.get("ids", [])
        n = len(ids)

        def column(key: str) -> list:
            col = result.get(key)
            return list(col) if isinstance(col, list) and len(col) == n else [None] * n

        documents, metadatas, embeddings = column("documents"), column("metadatas"), column("embeddings")
        records = [{"id": ids[i], "document": documents[i], "embedding": embeddings[i], "metadata": metadatas[i]} for i in range(n)]
        return records, ef

    def count(self, req: dict):
        collection, ef = self._collection(req)
        return collection.count(), ef

    def query(self, req: dict):
        args = decode(req.get("args", {}))
        if not isinstance(args, dict) or not set(args) <= set(QUERY_KEYWORDS):
            raise BadRequest(f"query args must be an object with keys among {', '.join(QUERY_KEYWORDS)}")
        collection, ef = self._collection(req)
        result = collection.query(**{QUERY_KEYWORDS[k]: v for k, v in args.items()})
        # One list of hits per query vector, zipped from the client's parallel lists, values unchanged;
        # a field the client did not return is left out of every hit.
        lists = []
        for i, ids in enumerate(result.get("ids", [])):
            def column(key: str):
                col = result.get(key)
                return col[i] if isinstance(col, list) and i < len(col) and isinstance(col[i], list) and len(col[i]) == len(ids) else None

            fields = {key: column(key) for key in ("documents", "metadatas", "embeddings") if key in result}
            distances = column("distances")
            hits = []
            for j, record_id in enumerate(ids):
                hit = {"id": record_id, "distance": distances[j] if distances is not None else None}
                for key, field in (("documents", "document"), ("metadatas", "metadata"), ("embeddings", "embedding")):
                    if key in fields:
                        hit[field] = fields[key][j] if fields[key] is not None else None
                hits.append(hit)
            lists.append(hits)
        return lists, ef

    def refresh_index(self, req: dict):
        collection, ef = self._collection(req)
        return collection.refresh_index(), ef

    def drop_collection(self, req: dict):
        name = req.get("name")
        if not isinstance(name, str):
            raise BadRequest("dropCollection needs name")
        self.client.delete_collection(name)
        # The Collection object stays held: calls on it after the drop are what UPSERT-ERR-012 tests.
        return None, None

    def close(self) -> None:
        if self.client is not None:
            server = getattr(self.client, "_server", None)  # pyseekdb.Client() returns a proxy
            cleanup = getattr(server, "_cleanup", None)
            if callable(cleanup):
                try:
                    cleanup()
                except Exception:
                    traceback.print_exc(file=sys.stderr)
            self.client = None


COMMANDS = {
    "createCollection": Harness.create_collection,
    "openCollection": Harness.open_collection,
    "seed": Harness.seed,
    "upsert": lambda h, r: h.write("upsert", r),
    "add": lambda h, r: h.write("add", r),
    "update": lambda h, r: h.write("update", r),
    "delete": Harness.delete,
    "get": Harness.get,
    "count": Harness.count,
    "query": Harness.query,
    "refreshIndex": Harness.refresh_index,
    "dropCollection": Harness.drop_collection,
}


def send(obj: dict) -> None:
    # allow_nan=False: every non-finite float must have gone through the codec. ensure_ascii: a lone
    # surrogate (a valid JavaScript string) cannot be written as UTF-8, but \ud800 escapes can.
    _proto_out.write(json.dumps(obj, ensure_ascii=True, allow_nan=False) + "\n")
    _proto_out.flush()


def handle(h: Harness, line: str) -> bool:
    """Answers one request line; returns False when the harness should exit."""
    try:
        req = json.loads(line)
    except ValueError as e:
        send({"seq": None, "ok": False, "protocolError": f"not JSON: {e}: {line[:200]!r}"})
        return True
    if not isinstance(req, dict):
        send({"seq": None, "ok": False, "protocolError": f"a request must be a JSON object, got {type(req).__name__}"})
        return True
    cmd = req.get("cmd")
    if cmd == "hello":
        if req.get("protocol") != PROTOCOL:
            send({"protocol": PROTOCOL, "ok": False, "protocolError": f"this harness speaks protocol {PROTOCOL}, not {req.get('protocol')!r}"})
            return True
        try:
            send(h.hello(req))
        except Exception as e:
            send({"protocol": PROTOCOL, "ok": False, "protocolError": f"hello failed: {type(e).__name__}: {e}"})
        return True
    seq = req.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        send({"seq": None, "ok": False, "protocolError": f"a request needs seq, a positive integer: {line[:200]!r}"})
        return True
    if cmd == "close":
        h.close()
        send({"seq": seq, "ok": True, "value": None, "embeddingCalls": []})
        return False
    if h.client is None:
        send({"seq": seq, "ok": False, "protocolError": "no hello yet"})
        return True
    command = COMMANDS.get(cmd)
    if command is None:
        send({"seq": seq, "ok": False, "protocolError": f"unknown cmd {cmd!r}; known: hello, close, {', '.join(COMMANDS)}"})
        return True
    ef = None
    name = req.get("collection")
    if isinstance(name, str) and name in h.functions:
        ef = h.functions[name]
        if ef is not None:
            ef.calls = []
    try:
        value, ef = command(h, req)
    except BadRequest as e:
        send({"seq": seq, "ok": False, "protocolError": str(e)})
        return True
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        calls = ef.calls if ef is not None else []
        send({"seq": seq, "ok": False, "error": classify(e), "embeddingCalls": _encode_calls(calls)})
        return True
    calls = ef.calls if ef is not None else []
    try:
        send({"seq": seq, "ok": True, "value": encode(value), "embeddingCalls": _encode_calls(calls)})
    except Unencodable as e:
        send({"seq": seq, "ok": False, "error": {"class": "crash", "message": f"harness cannot encode the result: {e}", "exception": "Unencodable"}, "embeddingCalls": []})
    return True


def _encode_calls(calls: list) -> list:
    try:
        return encode(calls)
    except Unencodable as e:
        return [[f"<unencodable: {e}>"]]


def main() -> int:
    h = Harness()
    try:
        for line in sys.stdin:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if not handle(h, line):
                return 0
    finally:
        h.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

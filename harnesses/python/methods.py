#!/usr/bin/env python3
"""Every public pyseekdb client, admin and collection method, called once or more with
representative arguments, against one server; prints one JSON document with what each call
returned or raised.

    methods.py HOST PORT DATABASE PREFIX

Run against the mock and against real seekdb with the same PREFIX, the two documents must agree
(suites/conformance/pyseekdb-methods.real.test.ts). Before each step it sends
`SELECT '__capture_label__', '<step>'` on a side connection, so a capture proxy between this
script and the server (suites/fidelity/capture-proxy.ts) files the statements under their step.
Collections and databases it makes are named PREFIX_...; it drops them at the end.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import sys
import traceback
from typing import Any, Callable

# Only the result document goes to stdout; pyseekdb's own output goes to stderr.
_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
os.dup2(2, 1)
sys.stdout = sys.stderr
logging.basicConfig(stream=sys.stderr, level=logging.CRITICAL)

import pymysql  # noqa: E402
import pyseekdb  # noqa: E402
from pyseekdb import HNSWConfiguration  # noqa: E402

HOST, PORT, DATABASE, PREFIX = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
HEX32 = re.compile(r"[0-9a-f]{32}")


def plain(v: Any) -> Any:
    """A JSON form of what a method returned: collections and databases by their public fields."""
    if isinstance(v, pyseekdb.client.collection.Collection):
        return {"collection": v.name, "dimension": v.dimension, "distance": v.distance, "hasId": v.id is not None}
    if isinstance(v, pyseekdb.Database):
        return {"database": v.name, "charset": v.charset, "collation": v.collation}
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return v


def masked(text: str) -> str:
    return HEX32.sub("<id>", text)


labels = pymysql.connect(host=HOST, port=PORT, user="root", password="", database=DATABASE, autocommit=True)
steps: list[dict[str, Any]] = []


def step(label: str, call: Callable[[], Any]) -> Any:
    with labels.cursor() as c:
        c.execute("SELECT '__capture_label__', %s", (label,))
    try:
        value = call()
        steps.append({"step": label, "ok": True, "value": plain(value)})
        return value
    except Exception as e:  # noqa: BLE001 — every outcome is data here
        steps.append({"step": label, "ok": False, "error": type(e).__name__, "errno": (e.args[0] if e.args and isinstance(e.args[0], int) else None), "message": masked(str(e))})
        return None


def main() -> None:
    client = pyseekdb.Client(host=HOST, port=PORT, database=DATABASE, user="root", password="")
    admin = pyseekdb.AdminClient(host=HOST, port=PORT, user="root", password="")
    name = f"{PREFIX}_c"
    other = f"{PREFIX}_o"
    forked = f"{PREFIX}_f"
    db = f"{PREFIX}_db"
    cfg = HNSWConfiguration(dimension=3, distance="l2")

    # ---- client: collections ----
    step("has_collection(missing)", lambda: client.has_collection(name))
    c = step("create_collection", lambda: client.create_collection(name, configuration=cfg, embedding_function=None))
    step("create_collection(existing)", lambda: client.create_collection(name, configuration=cfg, embedding_function=None))
    step("has_collection", lambda: client.has_collection(name))
    step("get_collection", lambda: client.get_collection(name, embedding_function=None))
    step("get_collection(missing)", lambda: client.get_collection(f"{PREFIX}_missing", embedding_function=None))
    step("get_or_create_collection(existing)", lambda: client.get_or_create_collection(name, configuration=cfg, embedding_function=None))
    step("get_or_create_collection(new)", lambda: client.get_or_create_collection(other, configuration=HNSWConfiguration(dimension=2, distance="cosine"), embedding_function=None))
    step("list_collections", lambda: sorted(x.name for x in client.list_collections() if x.name.startswith(PREFIX)))
    step("count_collection", lambda: client.count_collection() >= 2)
    step("create_collection(use_namespace)", lambda: client.create_collection(f"{PREFIX}_ns", schema=pyseekdb.Schema(), use_namespace=True))
    if c is None:
        raise SystemExit("create_collection failed")

    # ---- collection: writes ----
    step("add", lambda: c.add(ids=["a", "b", "c", "d"], embeddings=[[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]],
                                documents=["Hello World", "hello, world! hello again", "The quick brown fox", None],
                                metadatas=[{"k": 1, "tag": "x", "flag": True, "s": "alpha"}, {"k": 2, "tag": "y", "flag": False, "s": "beta"}, {"k": 3, "tag": "x", "arr": [1, 2]}, None]))
    step("add(one)", lambda: c.add(ids="e", embeddings=[0.5, 0.25, 0.125], documents="python rocks", metadatas={"k": 5, "tag": "z"}))
    step("add(duplicate)", lambda: c.add(ids="a", embeddings=[1, 2, 3]))
    step("add(wrong dimension)", lambda: c.add(ids="w", embeddings=[1, 2]))
    step("update", lambda: c.update(ids="b", embeddings=[0, 1, 0], documents="hello again, world", metadatas={"k": 2, "tag": "y", "flag": False, "s": "beta", "v": 1}))
    step("update(metadata only)", lambda: c.update(ids="e", metadatas={"k": 5, "tag": "z", "u": True}))
    step("update(documents, no embedding function)", lambda: c.update(ids="e", documents="python rocks"))
    step("update(embedding)", lambda: c.update(ids=["c"], embeddings=[[0, 0, 2]]))
    step("upsert(existing and new)", lambda: c.upsert(ids=["a", "f"], embeddings=[[1, 0, 1], [2, 2, 2]], documents=["Hello World", "fresh doc"], metadatas=[{"k": 1, "tag": "x", "flag": True, "s": "alpha"}, {"k": 6}]))
    step("count", lambda: c.count())

    # ---- collection: reads ----
    step("get()", lambda: c.get())
    step("get(ids)", lambda: c.get(ids=["c", "a", "zz"]))
    step("get(id)", lambda: c.get(ids="b"))
    step("get(include=embeddings)", lambda: c.get(ids=["a"], include=["embeddings"]))
    step("get(include=all)", lambda: c.get(include=["documents", "metadatas", "embeddings"]))
    step("get(limit, offset)", lambda: c.get(limit=2, offset=1))
    step("peek", lambda: c.peek(3))
    for label, where in [
        ("$eq", {"tag": {"$eq": "x"}}), ("implicit $eq", {"tag": "x"}), ("$ne", {"tag": {"$ne": "x"}}),
        ("$gt", {"k": {"$gt": 1}}), ("$gte", {"k": {"$gte": 2}}), ("$lt", {"k": {"$lt": 3}}), ("$lte", {"k": {"$lte": 2}}),
        ("$in", {"tag": {"$in": ["x", "z"]}}), ("$nin", {"tag": {"$nin": ["x"]}}), ("$in []", {"tag": {"$in": []}}),
        ("$eq true", {"flag": True}), ("$eq false", {"flag": {"$eq": False}}), ("$ne true", {"flag": {"$ne": True}}),
        ("$gt string", {"s": {"$gt": "alpha"}}), ("$eq number as string", {"k": "1"}),
        ("$and", {"$and": [{"tag": "x"}, {"k": {"$gte": 2}}]}), ("$or", {"$or": [{"tag": "y"}, {"k": 5}]}), ("$not", {"$not": {"tag": "x"}}),
        ("array $eq element", {"arr": 2}),
    ]:
        step(f"get(where {label})", lambda where=where: c.get(where=where))
    for label, wd in [
        ("$contains", {"$contains": "hello"}), ("$contains two words", {"$contains": "hello fox"}), ("$contains punctuation", {"$contains": "fox."}),
        ("$not_contains", {"$not_contains": "hello"}), ("$regex", {"$regex": "^hello"}), ("$regex class", {"$regex": "[[:digit:]]|fox$"}),
        ("$and", {"$and": [{"$contains": "hello"}, {"$regex": "again"}]}), ("$or", {"$or": [{"$contains": "python"}, {"$regex": "^The"}]}),
    ]:
        step(f"get(where_document {label})", lambda wd=wd: c.get(where_document=wd))
    step("get(where and where_document)", lambda: c.get(where={"tag": "x"}, where_document={"$contains": "hello"}))
    step("get(ids and where)", lambda: c.get(ids=["a", "b", "c"], where={"k": {"$gte": 2}}))

    # ---- search: the vector index is asynchronous (UPSERT-ATOM-005), so refresh it first ----
    step("refresh_index", lambda: c.refresh_index())
    step("query", lambda: c.query(query_embeddings=[1, 0, 0], n_results=2))
    step("query(where, where_document)", lambda: c.query(query_embeddings=[[1, 0, 0]], n_results=3, where={"tag": "x"}, where_document={"$contains": "hello"}, include=["documents", "metadatas", "embeddings"]))
    step("hybrid_search(query)", lambda: c.hybrid_search(query={"where_document": {"$contains": "hello"}}, n_results=5))
    step("hybrid_search(query, where)", lambda: c.hybrid_search(query={"where_document": {"$contains": "hello"}, "where": {"k": {"$gte": 1}}}, n_results=5, include=["documents", "metadatas"]))
    step("hybrid_search(knn)", lambda: c.hybrid_search(knn={"query_embeddings": [1, 0, 0], "n_results": 3}, n_results=3))
    step("hybrid_search(query, knn, rank)", lambda: c.hybrid_search(query={"where_document": {"$contains": "hello"}}, knn={"query_embeddings": [1, 0, 0]}, rank={"rrf": {}}, n_results=3))
    step("create_namespace", lambda: c.create_namespace("n1"))

    # ---- deletes ----
    step("delete(where_document)", lambda: c.delete(where_document={"$contains": "python"}))
    step("delete(where)", lambda: c.delete(where={"k": 6}))
    step("delete(ids)", lambda: c.delete(ids=["d", "zz"]))
    step("get() after deletes", lambda: c.get(include=["documents", "metadatas", "embeddings"]))

    # ---- fork ----
    f = step("fork", lambda: c.fork(forked))
    step("fork(existing name)", lambda: c.fork(forked))
    if f is not None:
        step("forked get()", lambda: f.get())
        step("forked add, count both", lambda: (f.add(ids="g", embeddings=[3, 3, 3]), f.count(), c.count())[1:])

    # ---- delete collections ----
    step("delete_collection", lambda: client.delete_collection(name))
    step("delete_collection(missing)", lambda: client.delete_collection(name))
    step("get after delete_collection", lambda: c.get())
    step("delete_collection(other)", lambda: client.delete_collection(other))
    step("delete_collection(forked)", lambda: client.delete_collection(forked))

    # ---- databases ----
    for who, api in [("admin", admin)]:
        step(f"{who}.create_database", lambda api=api: api.create_database(db))
        step(f"{who}.create_database(existing)", lambda api=api: api.create_database(db))
        step(f"{who}.get_database", lambda api=api: api.get_database(db))
        step(f"{who}.get_database(missing)", lambda api=api: api.get_database(f"{db}_missing"))
        step(f"{who}.list_databases", lambda api=api: [d.name for d in api.list_databases() if d.name.startswith(PREFIX) or d.name in ("test", "information_schema", "mysql", "oceanbase")])
        step(f"{who}.list_databases(limit)", lambda api=api: [d.name for d in api.list_databases(limit=2)])
        step(f"{who}.list_databases(limit, offset)", lambda api=api: [d.name for d in api.list_databases(limit=2, offset=1)])
        step(f"{who}.fork_database", lambda api=api: api.fork_database(db, f"{db}_fork"))
        step(f"{who}.fork_database(existing)", lambda api=api: api.fork_database(db, f"{db}_fork"))
        step(f"{who}.delete_database(fork)", lambda api=api: api.delete_database(f"{db}_fork"))
        step(f"{who}.delete_database", lambda api=api: api.delete_database(db))
        step(f"{who}.delete_database(missing)", lambda api=api: api.delete_database(db))


try:
    main()
except BaseException as e:  # noqa: BLE001
    steps.append({"step": "(aborted)", "ok": False, "error": type(e).__name__, "message": masked(str(e)), "trace": traceback.format_exc()[-2000:]})
finally:
    _out.write(json.dumps({"client": f"pyseekdb@{__import__('importlib.metadata').metadata.version('pyseekdb')}", "steps": steps}, ensure_ascii=False) + "\n")
    _out.flush()

"""Trusted documents: operations by their sha256 hash, parsed and validated once.

Front ends ship a manifest of their operations (sha256 of the text -> the text; the
reference front end writes web/dist/persisted-documents.json at build). The server takes
a document by hash with the automatic persisted-queries protocol as Apollo Client's
persisted-queries link and urql send it: `extensions.persistedQuery = {version: 1,
sha256Hash}` without `query`. An unknown hash answers PERSISTED_QUERY_NOT_FOUND (message
"PersistedQueryNotFound", what those clients look for); the client sends again with the
text, which is checked against the hash, remembered (a bounded LRU, per process) and run.

KABINET_TRUSTED_DOCUMENTS_ONLY=true runs the manifests' documents only: any other text,
sent as `query` or registered by hash, over HTTP or over the WebSocket, is refused with
PERSISTED_QUERY_NOT_ALLOWED. The refusal is made by the schema extension (TrustedDocumentCache),
which every operation passes whatever its transport; nothing is registered in that mode.

A known document (by hash or by its very text) is parsed once and validated once per set
of validation rules (the rules differ, e.g., for a caller without a token in production);
see TrustedDocumentCache. Outside the trusted-only mode, a document sent by its text alone
(GraphiQL, a client without persisted queries) becomes known too, once it has passed
validation and if it is short (`LEARNED_MAX_CHARS`): its next requests skip parsing and
validation as a registered one does. A document that fails validation is never kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, parse
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from schema.compiled import CompiledPlans

# What `make deps` builds (web/scripts/manifest.mjs): the default manifest when present.
DEFAULT_MANIFEST = Path(__file__).resolve().parents[1] / "web" / "dist" / "persisted-documents.json"
# Documents registered by hash at run time (not in a manifest), per process.
REGISTERED_CAPACITY = 1000
# A text sent without a hash is remembered, once valid, up to this length: front-end
# operations are far shorter; a long one is parsed each time rather than kept.
LEARNED_MAX_CHARS = 8000

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
BAD_USER_INPUT = "BAD_USER_INPUT"

_HEX64 = re.compile(r"[0-9a-f]{64}")


class ManifestError(ValueError):
    """A manifest that cannot be read or whose hash is not its document's: refuse to start."""


def sha256_hex(text: str) -> str:
    # surrogatepass: a text with half a surrogate pair hashes (to nothing any front end
    # ships) instead of failing; Strawberry then answers its BAD_USER_INPUT.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """hash -> text; keys may carry the `sha256:` prefix (graphql-codegen's own file)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ManifestError(f"KABINET_TRUSTED_DOCUMENTS: {path}: {error}") from None
    if not isinstance(raw, dict):
        raise ManifestError(f"KABINET_TRUSTED_DOCUMENTS: {path}: expected an object hash -> text")
    documents: dict[str, str] = {}
    for key, text in raw.items():
        digest = str(key).removeprefix("sha256:").lower()
        if not isinstance(text, str) or sha256_hex(text) != digest:
            raise ManifestError(
                f"KABINET_TRUSTED_DOCUMENTS: {path}: {key} is not the sha256 of its document"
            )
        documents[digest] = text
    return documents


def manifest_paths(configured: Sequence[Path]) -> list[Path]:
    if configured:
        return list(configured)
    return [DEFAULT_MANIFEST] if DEFAULT_MANIFEST.is_file() else []


def _refusal(code: str, message: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


def not_allowed() -> GraphQLError:
    return GraphQLError(
        "Запрос отклонён: сервер выполняет только документы из списка доверенных "
        "(trusted documents) приложения, а этого документа в нём нет.",
        extensions={"code": NOT_ALLOWED},
    )


class TrustedDocuments:
    """The manifests' documents and those registered by hash, with their parsed form."""

    def __init__(
        self,
        manifest: dict[str, str],
        *,
        only: bool = False,
        capacity: int = REGISTERED_CAPACITY,
        compiled: bool = True,
    ) -> None:
        if only and not manifest:
            raise ManifestError(
                "KABINET_TRUSTED_DOCUMENTS_ONLY=true, but no manifest: set "
                "KABINET_TRUSTED_DOCUMENTS or build the front end (make deps)"
            )
        self.manifest = dict(manifest)
        self.only = only
        self._capacity = capacity
        self._registered: OrderedDict[str, str] = OrderedDict()
        # hash -> parsed document; hash -> signatures of rule sets it passed.
        self._parsed: OrderedDict[str, DocumentNode] = OrderedDict()
        self._validated: dict[str, set[tuple[str, ...]]] = {}
        self._lock = threading.Lock()  # sync parse may run in threads of other servers
        # The compiled plans of the parsed documents (schema/compiled.py), same lifetime.
        self.plans = CompiledPlans(enabled=compiled)

    @classmethod
    def from_settings(
        cls, paths: Sequence[Path], only: bool, compiled: bool = True
    ) -> TrustedDocuments:
        manifest: dict[str, str] = {}
        for path in manifest_paths(paths):
            manifest.update(load_manifest(path))
        return cls(manifest, only=only, compiled=compiled)

    def operation_names(self) -> set[str]:
        """The names of the manifests' operations (e.g. for the metrics' labels)."""
        names: set[str] = set()
        for text in self.manifest.values():
            for definition in parse(text).definitions:
                if isinstance(definition, OperationDefinitionNode) and definition.name:
                    names.add(definition.name.value)
        return names

    # --- the store -------------------------------------------------------------------

    def text(self, digest: str) -> str | None:
        found = self.manifest.get(digest)
        if found is not None:
            return found
        with self._lock:
            found = self._registered.get(digest)
            if found is not None:
                self._registered.move_to_end(digest)
            return found

    def register(self, digest: str, text: str) -> None:
        if digest in self.manifest:
            return
        with self._lock:
            self._registered[digest] = text
            self._registered.move_to_end(digest)
            while len(self._registered) > self._capacity:
                gone, _ = self._registered.popitem(last=False)
                evicted = self._parsed.pop(gone, None)
                if evicted is not None:
                    self.plans.forget(evicted)
                self._validated.pop(gone, None)

    def learn(self, text: str, parsed: DocumentNode, signature: tuple[str, ...]) -> None:
        """A text run without a hash that passed validation under `signature`: kept with
        its parsed form, as if registered by hash (not in the trusted-only mode)."""
        if self.only or len(text) > LEARNED_MAX_CHARS:
            return
        digest = sha256_hex(text)
        self.register(digest, text)
        with self._lock:
            self._keep_parsed(digest, parsed)
        self.record_passed(digest, signature)

    def known(self, text: str) -> str | None:
        """The hash of a text the store holds (manifest or registered), else None."""
        digest = sha256_hex(text)
        return digest if self.text(digest) == text else None

    # --- the request -----------------------------------------------------------------

    def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData | ExecutionResult:
        """The request with its document's text, or the refusal to answer instead."""
        extensions = data.extensions or {}
        persisted = extensions.get("persistedQuery")
        if persisted is None:
            return data
        if not isinstance(persisted, dict):
            return self._malformed()
        if persisted.get("version") != 1:
            return _refusal(
                NOT_SUPPORTED, "Поддерживается только persistedQuery версии 1 (version: 1)."
            )
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _HEX64.fullmatch(digest.lower()):
            return self._malformed()
        digest = digest.lower()
        if data.query is None:
            text = self.text(digest)
            if text is None:
                # The message is the protocol's: Apollo Client and urql send the text then.
                return _refusal(NOT_FOUND, "PersistedQueryNotFound")
            return replace(data, query=text)
        if sha256_hex(data.query) != digest:
            return _refusal(
                HASH_MISMATCH,
                "Документ отклонён: sha256Hash в extensions.persistedQuery не совпадает "
                "с хешем SHA-256 текста запроса.",
            )
        if not self.only:  # else a text not in the manifest is refused when it runs
            self.register(digest, data.query)
        return data

    @staticmethod
    def _malformed() -> ExecutionResult:
        return _refusal(
            BAD_USER_INPUT,
            "Поле extensions.persistedQuery: ожидается {version: 1, sha256Hash: …}, "
            "где sha256Hash — 64 шестнадцатеричных знака.",
        )

    # --- parse and validate once -----------------------------------------------------

    def document(self, digest: str, text: str, options: dict[str, Any]) -> DocumentNode:
        with self._lock:
            found = self._parsed.get(digest)
            if found is not None:
                self._parsed.move_to_end(digest)
                return found
        parsed = parse(text, **options)
        with self._lock:
            # Parsed meanwhile by another request: theirs, one per hash.
            return self._keep_parsed(digest, parsed)

    def _keep_parsed(self, digest: str, parsed: DocumentNode) -> DocumentNode:
        """Under the lock: the parsed form kept for `digest` (the one already there, if
        any), with its plan; the least recently used beyond the bound go."""
        found = self._parsed.get(digest)
        if found is not None:
            return found
        self._parsed[digest] = parsed
        self.plans.add(parsed)
        while len(self._parsed) > len(self.manifest) + self._capacity:
            _, evicted = self._parsed.popitem(last=False)
            self.plans.forget(evicted)
        return parsed

    def passed(self, digest: str, signature: tuple[str, ...]) -> bool:
        with self._lock:
            return signature in self._validated.get(digest, ())

    def record_passed(self, digest: str, signature: tuple[str, ...]) -> None:
        with self._lock:
            if digest in self.manifest or digest in self._registered:
                self._validated.setdefault(digest, set()).add(signature)


def rules_signature(rules: Sequence[type]) -> tuple[str, ...]:
    """The rule set by name: factories make new rule classes per request (depth limit),
    with the same name and the same settings within one process."""
    return tuple(f"{rule.__module__}.{rule.__qualname__}" for rule in rules)


class TrustedDocumentCache(SchemaExtension):
    """A document the store knows: its parsed form from the cache, its validation once.
    In the trusted-only mode, any other document is refused here: over HTTP and over
    the WebSocket alike, as every operation passes the schema's extensions."""

    def __init__(self, store: TrustedDocuments) -> None:
        self.store = store
        self.digest: str | None = None
        self.refused = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            self.digest = self.store.known(query)
            # Only the manifest's are known in that mode (nothing is registered).
            self.refused = self.store.only and self.digest is None
            if self.digest is not None:
                try:
                    context.graphql_document = self.store.document(
                        self.digest, query, dict(context.parse_options)
                    )
                except GraphQLError:
                    self.digest = None  # Strawberry parses it again and answers the error
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self.refused:
            # Set before validation: Strawberry skips it and answers this instead of any
            # other refusal an earlier extension made (the document is not to run at all).
            context.pre_execution_errors = [not_allowed()]
            yield
            return
        if self.digest is None:
            yield
            query, parsed = context.query, context.graphql_document
            if context.pre_execution_errors == [] and query is not None and parsed is not None:
                self.store.learn(query, parsed, rules_signature(context.validation_rules))
            return
        signature = rules_signature(context.validation_rules)
        if context.pre_execution_errors is None and self.store.passed(self.digest, signature):
            context.pre_execution_errors = []  # validated before: Strawberry skips it
            yield
            return
        yield
        if context.pre_execution_errors == []:
            self.store.record_passed(self.digest, signature)

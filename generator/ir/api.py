"""The whole API: what the package, its README and its docs are rendered from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ir.imports import Import
from generator.ir.operation import Operation
from generator.ir.schema import EnumDef, ModelDef, SchemaDef
from generator.ir.types import TypeRef

SchemeKind = Literal["basic", "bearer", "api_key", "oauth2"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerVariable:
    """A `{name}` in a server URL: its default, and the values it may take."""

    name: str
    default: str
    enum: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    """A spec-level server; `template` and `variables` are kept for setting variables."""

    url: str  # with variables replaced by their defaults
    template: str  # as written in the spec
    description: str
    variables: tuple[ServerVariable, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    name: str  # the key in components.securitySchemes
    kind: SchemeKind
    description: str
    location: Literal["header", "query", "cookie"] | None  # api_key only
    settings_field: str | None  # the AuthSettings field an api key goes in: headers/query/cookies
    parameter_name: str | None  # api_key only
    token_url: str | None  # oauth2 client credentials only: the client fetches tokens itself


@dataclass(frozen=True, slots=True, kw_only=True)
class ExceptionDef:
    name: str
    status: int | None  # None for the 5xx catch-all
    description: str  # e.g. "The server answered 404 Not Found."
    tree_note: str  # e.g. "404 Not Found", for the module docstring's tree
    retry_after: bool  # whether it offers the parsed `Retry-After` header


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiClass:
    name: str  # "CallsApi"
    module: str  # "calls_api"
    tag: str
    description: str  # the tag's description, raw spec text
    base_url: str  # where its operations go by default, for the docs
    operations: tuple[Operation, ...]
    imports: tuple[Import, ...]
    adapters: tuple[tuple[str, TypeRef], ...]  # (constant, type) of the TypeAdapters it needs
    servers: tuple[tuple[str, tuple[str, ...]], ...]  # (constant, urls) of operation servers

    @property
    def class_names(self) -> tuple[str, ...]:
        """The class and its async twin, in the order an import line lists them."""
        return tuple(sorted((self.name, f"Async{self.name}")))


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    title: str
    # The title already names an API (`Qdrant API`): prose says "the Qdrant API", not "the
    # Qdrant API API".
    title_ends_in_api: bool
    version: str
    description: str  # raw spec text
    docs_url: str | None  # base for site-relative links in descriptions
    env_prefix: str  # prefix of the environment variables the examples read credentials from
    package_name: str
    project_name: str  # distribution name, e.g. "bandwidth-calls"
    package_version: str
    default_host: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    apis: tuple[ApiClass, ...]
    models: tuple[ModelDef, ...]
    enums: tuple[EnumDef, ...]
    exceptions: tuple[ExceptionDef, ...]
    secret_headers: tuple[str, ...]  # lower-case names of headers never logged
    secret_query_parameters: tuple[str, ...]  # query parameters never logged
    has_basic_auth: bool
    has_bearer_auth: bool
    has_api_key_auth: bool
    uses_int_enums: bool
    uses_files: bool  # whether any module needs `FileContent` (multipart uploads)
    uses_decimal_numbers: bool  # whether any module needs `DecimalNumber`
    uses_discriminators: bool  # whether any module needs `tag_by` (discriminated unions)

    @property
    def user_agent_product(self) -> str:
        """The SDK as the `User-Agent` header names it first: `<distribution>/<version>`."""
        return f"{self.project_name}/{self.package_version}"

    @property
    def server_variables(self) -> tuple[ServerVariable, ...]:
        """The variables of the default server (the spec's first), settable on Configuration."""
        return self.servers[0].variables if self.servers else ()

    @property
    def exception_names(self) -> tuple[str, ...]:
        """Every exception class of the package, sorted as isort would."""
        fixed = (
            "ApiClientClosedError",
            "ApiConnectionError",
            "ApiException",
            "ApiTimeoutError",
            "ApiValueError",
            "OpenApiException",
            "ResponseDecodeError",
        )
        return tuple(sorted({*fixed, *(e.name for e in self.exceptions)}))

    @property
    def apis_by_module(self) -> tuple[ApiClass, ...]:
        """The API classes in the order their imports sort in."""
        return tuple(sorted(self.apis, key=lambda a: a.module))

    @property
    def schemas_by_module(self) -> tuple[SchemaDef, ...]:
        """The same, in the order their imports sort in."""
        return tuple(sorted(self.schemas, key=lambda s: s.module))

    @property
    def simple_example(self) -> tuple[ApiClass, Operation] | None:
        """An operation to show a call with: the first without a request body, if any."""
        pairs = [(a, op) for a in self.apis for op in a.operations]
        return next((p for p in pairs if p[1].request_body is None), pairs[0] if pairs else None)

    @property
    def paginated_operations(self) -> tuple[tuple[ApiClass, Operation], ...]:
        return tuple((a, op) for a in self.apis for op in a.operations if op.pagination)

    @property
    def api_class_names(self) -> tuple[str, ...]:
        """Every API class, sync and async, sorted."""
        return tuple(sorted(n for a in self.apis for n in (a.name, f"Async{a.name}")))

    @property
    def package_exports(self) -> tuple[str, ...]:
        """What `from <package> import *` offers, sorted."""
        return tuple(sorted(name for name, _ in self.package_lazy_exports))

    @property
    def package_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(module under the package, names) of what the package re-exports, as imports sort."""
        fixed: dict[str, tuple[str, ...]] = {
            "api_client": ("ApiClient", "AsyncApiClient"),
            "api_response": ("ApiResponse",),
            "configuration": ("Configuration",),
            "exceptions": self.exception_names,
            "retries": ("RetryPolicy",),
        }
        fixed |= {f"api.{a.module}": a.class_names for a in self.apis}
        return tuple(sorted(fixed.items()))

    @property
    def package_lazy_exports(self) -> tuple[tuple[str, str], ...]:
        """(name, module under the package) of each re-exported name, by name.

        The package's `__init__` imports a name's module the first time the name is used.
        """
        pairs = {name: module for module, names in self.package_imports for name in names}
        return tuple(sorted(pairs.items()))

    @property
    def package_submodules(self) -> tuple[str, ...]:
        """The package's modules and subpackages: `<package>.<module>` imports one on first use."""
        modules = {"api", "api_client", "api_response", "configuration", "exceptions", "models"}
        modules |= {"retries", "serialization", *(["auth"] if self.oauth2_schemes else [])}
        return tuple(sorted(modules))

    @property
    def api_lazy_exports(self) -> tuple[tuple[str, str], ...]:
        """(class name, module under `api`) of every API class, sync and async, by name."""
        pairs = {name: a.module for a in self.apis for name in a.class_names}
        return tuple(sorted(pairs.items()))

    @property
    def api_modules(self) -> tuple[str, ...]:
        """The modules of the `api` package, sorted."""
        return tuple(sorted(a.module for a in self.apis))

    @property
    def eager_schemas(self) -> tuple[ModelDef, ...]:
        """Models the models package imports at once (`models_to_rebuild`), as imports sort.

        They name each other for typing only, so all must exist before they are rebuilt.
        """
        return tuple(sorted(self.models_to_rebuild, key=lambda m: m.module))

    @property
    def lazy_schemas(self) -> tuple[SchemaDef, ...]:
        """Every other model and enum, as imports sort: each is imported on first use."""
        eager = {m.name for m in self.models_to_rebuild}
        return tuple(s for s in self.schemas_by_module if s.name not in eager)

    @property
    def model_lazy_exports(self) -> tuple[tuple[str, str], ...]:
        """(name, module under `models`) of each of `lazy_schemas`, by name."""
        return tuple(sorted((s.name, s.module) for s in self.lazy_schemas))

    @property
    def schema_modules(self) -> tuple[str, ...]:
        """The modules of the `models` package, one per model and enum, sorted."""
        return tuple(sorted(s.module for s in self.schemas))

    @property
    def oauth2_schemes(self) -> tuple[SecurityScheme, ...]:
        """Schemes whose tokens the client obtains itself (client credentials)."""
        return tuple(s for s in self.security_schemes if s.token_url is not None)

    @property
    def models_to_rebuild(self) -> tuple[ModelDef, ...]:
        """Models the models package rebuilds, each base class before the classes extending it."""
        by_name = {m.name: m for m in self.models}

        def depth(model: ModelDef) -> int:
            seen: set[str] = set()
            while model.base in by_name and model.name not in seen:
                seen.add(model.name)
                model = by_name[model.base]
            return len(seen)

        chosen = [m for m in self.models if m.needs_rebuild]
        return tuple(sorted(chosen, key=lambda m: (depth(m), m.name)))

    @property
    def schemas(self) -> tuple[SchemaDef, ...]:
        """Models and enums together, by name: the docs and README list them as one."""
        both: list[SchemaDef] = [*self.models, *self.enums]
        return tuple(sorted(both, key=lambda s: s.name))

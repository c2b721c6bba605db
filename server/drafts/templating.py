"""The draft templates: Jinja2 files per kind, the user's own files first, rendered strictly in a sandbox.

`<data dir>/templates/<kind>/<name>.j2` replaces the built-in file of the same name, or adds a phrasing.
Keep-in-touch files are named `<reason>-<n>.j2`. Each file has a `body` block and, for email kinds, a
`subject` block. Templates are sandboxed: a file in the data directory can't reach into the server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from .shorten import optional

BUILT_IN = Path(__file__).with_name("templates")
USER_SUBDIR = "templates"


def _no_none(value: object) -> object:
    if value is None:
        raise ValueError("a template printed None: the context builder must give a string")
    return value


@pass_context
def salute(ctx: Context, word: str = "Hi") -> str:
    """"Hi Ana," or, without a name to use, "Hello,"."""
    return f"{word} {ctx['name']}," if ctx["name"] else "Hello,"


@pass_context
def sign(ctx: Context, word: str = "Best regards") -> str:
    """The sign-off and the user's signature, unless the signature brings its own sign-off."""
    signature = ctx["signature"]
    first = signature.split("\n")[0]
    if first.endswith(",") and len(first.split()) <= 4:
        return signature
    return f"{word},\n{signature}" if signature else f"{word},"


@lru_cache(maxsize=8)
def environment(user_dir: str | None = None) -> SandboxedEnvironment:
    loaders = [FileSystemLoader(user_dir)] if user_dir else []
    env = SandboxedEnvironment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(BUILT_IN)]),
        undefined=StrictUndefined,
        autoescape=False,  # plain text for mail and LinkedIn, never HTML
        # no trim_blocks: every newline in a file is kept and tidy() folds the blank lines that
        # empty {% if %} paragraphs leave, so a paragraph can't silently glue onto the next one
        finalize=_no_none,
    )
    env.globals.update(optional=optional, salute=salute, sign=sign)
    return env


def user_templates(data_dir: str | Path | None) -> str | None:
    """The user's template folder in the data directory, when there is one."""
    if data_dir is None:
        return None
    path = Path(data_dir) / USER_SUBDIR
    return str(path) if path.is_dir() else None


def names(kind: str, reason: str, user_dir: str | None = None) -> list[str]:
    """Every phrasing of a kind (for keep-in-touch: of the reason), built-in and the user's, in a stable order."""
    found = {p.name for p in (BUILT_IN / kind).glob("*.j2")}
    if user_dir:
        found |= {p.name for p in (Path(user_dir) / kind).glob("*.j2") if p.is_file()}
    if kind == "keep_in_touch":
        found = {n for n in found if n.startswith(f"{reason}-")}
    return [f"{kind}/{n}" for n in sorted(found)]


def render_blocks(template_name: str, context: dict, user_dir: str | None = None) -> tuple[str, str]:
    """(subject, body) of one template, clause markers still in."""
    template = environment(user_dir).get_template(template_name)
    ctx = template.new_context(dict(context))
    subject = "".join(template.blocks["subject"](ctx)) if "subject" in template.blocks else ""
    body = "".join(template.blocks["body"](ctx)) if "body" in template.blocks else template.render(context)
    return subject, body

"""The orchestrator: the only place that knows the order of the pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import theme
from ..load.bibliography import load_bibliography
from ..load.config import load_config
from ..load.content import load_pages
from ..model.kinds import KINDS, Registry
from ..model.places import place_notes
from ..model.site import build_site
from ..model.urls import book_file, output_name, relative_url
from ..problems import Problem
from ..render.checks import check_anchors, check_images, check_output_collisions, collect_backlinks
from ..render.datafiles import body_files, front_matter_files
from ..render.epub import make_epub
from ..render.markdown import LinkTargets, MarkdownRenderer
from ..render.outputs import plan_outputs, sitemap
from ..render.portable import ZIP_NAME, portable_scripts, zip_site
from ..render.searchindex import search_files
from ..render.templates import make_environment
from .cache import DiskStore, folders_hash, paused_gc
from .freshness import BOOK, DATA, FRONT, ZIP, Manifest, Reuse, output_keys
from .markdown_stage import render_all
from .parallel import render_outputs_on_cores
from .parsed import ParsedPages
from .writer import SiteWriter, UnsafeOutputPath, WriteFailed, WrittenFiles

if TYPE_CHECKING:
    from collections.abc import Mapping

    import jinja2

    from ..model.site import Site
    from ..render.markdown import Rendered
    from ..render.outputs import PageOutput

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """`templates_dir` and `static_dir` are the site's own, over the packaged theme's file by file;
    None means the folders of those names beside `content_dir`."""
    content_dir: Path
    templates_dir: Path | None = None
    static_dir: Path | None = None
    base_url: str | None = None
    kinds: Registry = KINDS
    portable: bool = False       # a site for disk: links name index.html files, data comes in <script> tags
    offline_zip: bool = False    # also build the portable site, zipped into the output (portable.ZIP_NAME)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return theme.layers(self.templates_dir or self.content_dir.parent / "templates", "templates")

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        return theme.layers(self.static_dir or self.content_dir.parent / "static", "static")


@dataclass
class BuildResult:
    files: Mapping[str, bytes] = field(default_factory=dict)   # build(): read from the output (WrittenFiles)
    static: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    notes: list[Problem] = field(default_factory=list)   # severity "note": reported, never failing the build

    @property
    def ok(self) -> bool:
        return not self.problems


class Stages:
    """The stages a long-running preview may memoize between builds (see incremental.RenderCache)."""
    load_pages = staticmethod(load_pages)
    load_bibliography = staticmethod(load_bibliography)
    make_environment = staticmethod(make_environment)
    render_all = staticmethod(render_all)


class DiskCache(Stages):
    """Stages whose Markdown results outlive the process, in `folder` (by default .cache/ beside content/)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.store = DiskStore(folder)
        self.templates_key = ""
        self.keys: dict[str, str] = {}     # page id -> render key digest, of the last render_all
        self.deps: dict = {}               # body -> cache.PageDeps, from the parsed pages kept

    def make_environment(self, template_dirs: tuple[Path, ...], config, kinds: Registry = KINDS):
        self.templates_key = folders_hash(template_dirs)
        return make_environment(template_dirs, config, kinds)

    def load_pages(self, content_dir: Path, kinds: Registry = KINDS):
        if kinds is not KINDS:     # the parsed pages are kept for the built-in kinds, whose code the salt covers
            return load_pages(content_dir, kinds)
        parsed = ParsedPages(self.folder)
        loaded = parsed.load(content_dir, kinds)
        self.deps = parsed.deps
        return loaded

    def render_all(self, site: Site, targets: LinkTargets, renderer: MarkdownRenderer | None = None):
        self.keys = {}
        return render_all(site, targets, renderer, store=self.store, templates_key=self.templates_key,
                          keys=self.keys, deps_memo=self.deps)

    def reuse(self, project: Project, plan: BuildPlan, out_dir: Path) -> Reuse:
        """What a build of `plan` into `out_dir` may leave as the last one made it (see freshness.py)."""
        if project.kinds is not KINDS or set(self.keys) != set(plan.site.pages):
            return Reuse()
        # A failed build, or a commit rolled back, leaves the output as the manifest describes it: it stays valid.
        return Reuse(Manifest(self.folder, out_dir), output_keys(plan, self.keys, self.templates_key))


@dataclass
class BuildPlan:
    """Everything decided before the templates run; `serve` renders the outputs one by one, on demand."""
    site: Site
    rendered: dict[str, Rendered]
    env: jinja2.Environment
    outputs: list[PageOutput]
    static: dict[str, Path]
    problems: list[Problem]
    notes: list[Problem] = field(default_factory=list)


def plan_build(project: Project, renderer: MarkdownRenderer | None = None,
               stages: Stages | None = None) -> BuildPlan:
    stages = stages or Stages()
    config, problems = load_config(project.content_dir, project.base_url, portable=project.portable,
                                   offline_zip=project.offline_zip and not project.portable)
    pages, more = stages.load_pages(project.content_dir, project.kinds)
    problems += more
    site, more = build_site(pages, config, problems, project.kinds)
    problems += more
    bibliography, more = stages.load_bibliography(project.content_dir)
    problems += more
    site = replace(site, bibliography=bibliography)
    env = stages.make_environment(project.template_dirs, config, project.kinds)
    card = _card_renderer(env, problems)
    # Site paths: the renderer makes each link relative to the page converted (render.MarkdownRenderer).
    targets = LinkTargets(lambda page_id: site.path_of(site.pages[page_id]), "timeline/", card,
                          lambda path: path.lstrip("/"))
    rendered, more = stages.render_all(site, targets, renderer)
    problems += more
    problems += check_anchors(site, rendered)
    problems += check_images(site, rendered, project.static_dirs)
    outputs = plan_outputs(site, rendered, collect_backlinks(rendered))
    static = theme.merged_static(project.static_dirs)
    problems += check_output_collisions({o.shown if o.shown.startswith("content") else o.path: o.path
                                         for o in outputs} | {str(p): rel for rel, p in static.items()})
    return BuildPlan(site, rendered, env, outputs, static, problems, place_notes(site))


def data_groups(plan: BuildPlan, groups) -> dict[str, dict[str, bytes]]:
    """The files no template makes (data for reuse and previews, the search index, the sitemap), of
    `groups`: FRONT, those made from front matter alone; DATA, those that read Markdown results too."""
    site = plan.site
    # Data files give site paths relative to the root (the folder they are in): scripts resolve them
    # against their page's data-root.
    site_url = lambda path: relative_url(path, "", site.config.portable)  # noqa: E731
    made = {}
    if FRONT in groups:
        made[FRONT] = {**front_matter_files(site, site_url), ".nojekyll": b"",
                       "sitemap.xml": sitemap(site, [o.path for o in plan.outputs if o.listed])}
    if DATA in groups:
        made[DATA] = {**body_files(site, site_url, plan.rendered), **search_files(site, plan.rendered, site_url)}
    return made


def data_outputs(plan: BuildPlan) -> dict[str, bytes]:
    """Every file data_groups makes."""
    return {name: data for files in data_groups(plan, {FRONT, DATA}).values() for name, data in files.items()}


def build_in_memory(project: Project, renderer: MarkdownRenderer | None = None,
                    cache: Stages | None = None, book: bool = True) -> BuildResult:
    """`book`: with the EPUB (`check` does without it, and `serve` renders through plan_build alone)."""
    with paused_gc():   # a build makes little cyclic garbage, and collecting it cost 8% of the time
        plan = plan_build(project, renderer, cache)
        files, more = render_outputs_on_cores(plan.env, plan.outputs)
        wanted = {FRONT, DATA} | ({BOOK} if book and not plan.problems and not more else set())
        later, most = after_templates(project, plan, renderer, cache, frozenset(wanted))
        for group in later.values():
            files.update(group)
    return BuildResult(files, plan.static, list(dict.fromkeys(plan.problems + more + most)), plan.site, plan.notes)


def after_templates(project: Project, plan: BuildPlan, renderer: MarkdownRenderer | None, cache: Stages | None,
                    groups: frozenset[str]) -> tuple[dict[str, dict[str, bytes]], list[Problem]]:
    """The files made after the templates', by group: FRONT and DATA (data_outputs, with the portable
    build's site-data.js), BOOK (the e-book) of `groups`, and ZIP (the offline zip, if asked for); and
    the problems of the zipped portable build."""
    portable = plan.site.config.portable
    if portable and groups & {FRONT, DATA}:
        groups |= {FRONT, DATA}     # site-data.js holds the previews and the search index
    made = data_groups(plan, groups)
    if portable and DATA in made:
        made[DATA].update(portable_scripts({**made[FRONT], **made[DATA]}))
    if BOOK in groups:
        made[BOOK] = {book_file(plan.site.config.title): make_epub(plan.site, plan.rendered)}
    problems = []
    if plan.site.config.offline_zip:   # the same site for disk, zipped beside this one
        offline = build_in_memory(replace(project, portable=True, offline_zip=False), renderer, cache, book=False)
        problems += offline.problems
        made[ZIP] = {ZIP_NAME: zip_site(offline.files, offline.static)}
    return made, problems


def _card_renderer(env, problems):
    def render_card(page, here: str) -> str:
        """The card of `page`, embedded in the page at site path `here` (its links are relative to it)."""
        try:
            return env.get_template("_card.html").render(card=page, embedded=True, path=here)
        except Exception as error:  # reported like any template problem, never a crash
            problems.append(Problem("templates/_card.html", getattr(error, "lineno", None), "template.error",
                                    f"{type(error).__name__}: {error}", "fix the card template"))
            return ""
    return render_card


def output_problems(project: Project, out_dir: Path) -> list[Problem]:
    out = out_dir.resolve()
    for name, folder in (("content", project.content_dir), *(("templates", d) for d in project.template_dirs),
                         *(("static", d) for d in project.static_dirs)):
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            return [Problem(str(out_dir), None, "output.inside-source",
                            f"the output folder {out_dir} overlaps the {name} folder {folder}",
                            "choose an output folder outside content/, templates/ and static/, e.g. _site")]
    return []


def build(project: Project, out_dir: Path, stages: Stages | None = None) -> BuildResult:
    """Builds into `out_dir`, keeping Markdown results in .cache/ beside content/ unless `stages` says otherwise.

    Each file goes to disk as it is rendered (into the writer's staging folder, and only when its bytes
    differ from the output's), so no process holds the whole site; the output itself changes only once
    every problem is known, and only in the files that changed. `result.files` reads the written files."""
    problems = output_problems(project, out_dir)
    if problems:
        return BuildResult(problems=problems)
    stages = stages or DiskCache(project.content_dir.resolve().parent / ".cache")
    with paused_gc():   # a build makes little cyclic garbage, and collecting it cost 8% of the time
        plan = plan_build(project, None, stages)
        failed = BuildResult({}, plan.static, [], plan.site, plan.notes)
        if plan.problems:     # every problem still found, nothing written
            _files, more = render_outputs_on_cores(plan.env, plan.outputs)
            return replace(failed, problems=list(dict.fromkeys(plan.problems + more)))
        try:
            writer = SiteWriter(out_dir)
        except WriteFailed as error:
            return replace(failed, problems=[error.problem])
        reuse = stages.reuse(project, plan, out_dir) if isinstance(stages, DiskCache) else Reuse()
        try:
            groups, problems = _put_site(project, plan, stages, writer, reuse)
            if problems:
                writer.abort()
                return replace(failed, problems=problems)
            written = {output_name(o.path) for o in plan.outputs}.union(*groups.values())
            writer.commit(written | set(plan.static))
            reuse.save(groups)
        except (OSError, UnsafeOutputPath) as error:     # from a forked child too: fork_map raises it again
            writer.abort()
            return replace(failed, problems=[writer.failed(error).problem])
        except BaseException:
            writer.abort()
            raise
    return BuildResult(WrittenFiles(out_dir.resolve(), sorted(written)), plan.static, [], plan.site, plan.notes)


def _put_site(project: Project, plan: BuildPlan, stages: Stages, writer: SiteWriter,
              reuse: Reuse) -> tuple[dict[str, set[str]], list]:
    """Gives the writer every file of the site that `reuse` does not keep; ({group: its files}, problems)
    for the groups of files after_templates makes."""
    _files, problems = render_outputs_on_cores(plan.env, reuse.todo(plan.outputs), sink=writer.put)
    if problems:
        return {}, list(dict.fromkeys(problems))
    kept = {group: reuse.kept(group) for group in (FRONT, DATA, BOOK)}
    made, problems = after_templates(project, plan, None, stages,
                                     frozenset(group for group, files in kept.items() if files is None))
    if problems:
        return {}, list(dict.fromkeys(problems))
    for files in made.values():
        for relative in sorted(files):
            writer.put(relative, files[relative])
    for relative, source in plan.static.items():
        writer.put(relative, source.read_bytes())
    return {group: set(made[group]) if group in made else set(kept.get(group) or ()) for group in {*kept, *made}}, []

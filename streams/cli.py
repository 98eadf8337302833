"""The ``newswatch`` command: analyze, feed, tail, worker, kafka, run, replay, topics, settings.

Exit codes: 0 success; 1 failure at run time; 2 a user error (bad file, unknown
watchlist, bad setting); 3 no Kafka broker reachable.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

import orjson

from streams import __version__
from streams.settings import Settings

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_NO_BROKER = 0, 1, 2, 3


class UserError(Exception):
    """An error the user can fix; printed without a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def _err(message: str) -> None:
    print(f"newswatch: {message}", file=sys.stderr)


# -- commands ------------------------------------------------------------------------------


def cmd_analyze(args, settings: Settings) -> int:
    from streams.articles import InputError, read_articles
    from streams.enrich import Enricher

    stdin_text = sys.stdin.read() if "-" in args.paths else None
    articles = []
    for path in args.paths:
        try:
            articles.extend(read_articles(path, stdin_text))
        except InputError as exc:
            raise UserError(str(exc)) from None
    enricher = Enricher.from_settings(settings)
    lang = None if args.lang == "auto" else args.lang
    for result in enricher.enrich_batch(articles, lang=lang):
        if args.json:
            sys.stdout.write(orjson.dumps(result).decode() + "\n")
        else:
            print(_summary(result))
    return EXIT_OK


def _summary(article: dict) -> str:
    lines = [f"{article['id']}  [{article['language']}]  {article.get('title') or ''}".rstrip()]
    for actor in article["actors"]:
        lines.append(f"  actor  {actor['id']:<9} {actor['name']} ×{len(actor['mentions'])}")
    for claim in article["claims"]:
        who = claim["speaker"].get("name") or "?"
        lines.append(f"  claim  {claim['kind']:<8} {who}: {claim['text'][:90]}")
    for item in article.get("removed", []):
        lines.append(f"  removed {item['kind']}: {item['text'][:80]}")
    return "\n".join(lines)


def cmd_feed(args, settings: Settings) -> int:
    from streams.feeder import run_feed

    if not args.paths and not args.follow:
        raise UserError("name files or URLs to feed, or --follow a feed list")
    stdin_text = sys.stdin.read() if "-" in args.paths else None
    summary = asyncio.run(run_feed(
        settings, args.paths, follow=args.follow, feeds_path=args.feeds,
        fetch_pages=args.fetch_pages, stdin_text=stdin_text, progress=True))
    print(f"{settings.topic_raw}: {summary.line()}", file=sys.stderr)
    return EXIT_USAGE if summary.rejected and not args.follow else EXIT_OK


def cmd_tail(args, settings: Settings) -> int:
    from streams.client import format_alert, tail

    topic = settings.topic_alerts
    if args.watchlist:
        topic = settings.alert_topic(_known_watchlist(args.watchlist, settings))
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def emit(alert: dict) -> None:
        line = orjson.dumps(alert).decode() if args.json else format_alert(alert, color)
        print(line, flush=True)

    asyncio.run(tail(settings, topic, from_beginning=args.from_beginning, limit=args.limit,
                     timeout=args.timeout, emit=emit))
    return EXIT_OK


def _known_watchlist(name: str, settings: Settings) -> str:
    from streams.catalogue import Catalogue
    from streams.watchlists import load_watchlists

    names = [w.name for w in load_watchlists(settings.watchlists,
                                             Catalogue.load(settings.catalogue))]
    if name not in names:
        raise UserError(f"unknown watchlist {name!r}; known: {', '.join(names)}")
    return name


def cmd_worker(args, settings: Settings) -> int:
    from streams.worker import run_worker

    overrides = {k: v for k, v in (("web_port", args.web_port), ("data_dir", args.data_dir))
                 if v is not None}
    return run_worker(settings.replace(**overrides))


def cmd_kafka(args, settings: Settings) -> int:
    from streams.localkafka import LocalKafka

    if not settings.uses_local_kafka:
        print(f"NEWSWATCH_KAFKA_BROKER={settings.kafka_broker}: using that broker; "
              "newswatch runs no local Kafka")
        return EXIT_OK
    kafka = LocalKafka(settings)
    if args.action == "start":
        kafka.start()
    elif args.action == "stop":
        if not kafka.stop():
            print("local kafka was not running")
    elif args.action == "fetch":
        kafka.fetch()
    else:
        status = kafka.status()
        print(status.describe())
        return EXIT_OK if status.running else EXIT_FAIL
    return EXIT_OK


def cmd_run(args, settings: Settings) -> int:
    from streams.runner import WorkerFailed, run_demo

    try:
        return run_demo(settings, args.paths)
    except WorkerFailed as exc:
        raise UserError(str(exc), EXIT_FAIL) from None


def cmd_topics(args, settings: Settings) -> int:
    from streams.catalogue import Catalogue
    from streams.topics import ensure_topics, topic_names
    from streams.watchlists import load_watchlists

    watchlists = load_watchlists(settings.watchlists, Catalogue.load(settings.catalogue))
    names = topic_names(settings, watchlists)
    created = asyncio.run(ensure_topics(settings, names))
    for name in names:
        print(f"{name}: {'created' if name in created else 'exists'}")
    return EXIT_OK


def cmd_replay(args, settings: Settings) -> int:
    from streams.catalogue import Catalogue
    from streams.replay import replay
    from streams.watchlists import load_watchlists

    path = args.watchlists or settings.watchlists
    watchlists = load_watchlists(path, Catalogue.load(settings.catalogue))
    if args.watchlist:
        unknown = sorted(set(args.watchlist) - {w.name for w in watchlists})
        if unknown:
            raise UserError(f"unknown watchlist(s) {', '.join(unknown)} in {path}")
        watchlists = [w for w in watchlists if w.name in args.watchlist]
    for value in (args.since, args.until):
        if value:
            _check_iso(value)
    counts = asyncio.run(replay(settings, watchlists, since=args.since, until=args.until,
                                progress=lambda m: print(m, file=sys.stderr)))
    print(f"replayed {counts['articles']} enriched article(s) through "
          f"{', '.join(w.name for w in watchlists)}: {counts['alerts']} alert(s) published, "
          f"{counts['suppressed']} suppressed (same story or rate limit), "
          f"{counts['invalid']} invalid message(s) skipped", file=sys.stderr)
    return EXIT_OK


def _check_iso(value: str) -> None:
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"{value!r} is not an ISO 8601 time (e.g. 2025-06-01T00:00:00Z)") from None


def cmd_settings(args, settings: Settings) -> int:
    for env, value, doc in settings.describe():
        print(f"{env}={value}\n    {doc}")
    return EXIT_OK


# -- parsing -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newswatch",
        description="Streaming news monitoring on Kafka: enrich articles with actors and "
                    "claims, and alert on watched actors. Settings come from NEWSWATCH_* "
                    "environment variables (see `newswatch settings`).",
    )
    p.add_argument("--version", action="version", version=f"newswatch {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    a = sub.add_parser("analyze", help="enrich articles in-process (no Kafka)")
    a.add_argument("paths", nargs="+", metavar="PATH", help="seed .txt, .json, .jsonl, or -")
    a.add_argument("--json", action="store_true", help="print EnrichedArticle JSON lines")
    a.add_argument("--lang", choices=["auto", "fr", "en"], default="auto")
    a.set_defaults(func=cmd_analyze)

    f = sub.add_parser(
        "feed", help="send articles, pages and feeds to the raw topic (feeds: once each)",
        description="Send seed texts, RawArticle .json/.jsonl, RSS/Atom/JSON feeds and news "
                    "article pages (files or URLs) to the raw topic. Feed entries and pages "
                    "are sent once; a changed entry is sent again as an update.")
    f.add_argument("paths", nargs="*", metavar="PATH|URL",
                   help="seed .txt, .json, .jsonl, feed (.xml/.rss/.atom), page (.html), URL, -")
    f.add_argument("--follow", action="store_true",
                   help="poll the feed list until stopped (see --feeds)")
    f.add_argument("--feeds", type=Path, metavar="FILE",
                   help="feed list for --follow (default: NEWSWATCH_FEEDS)")
    f.add_argument("--fetch-pages", action=argparse.BooleanOptionalAction, default=None,
                   help="fetch the page of a feed entry whose summary is short "
                        "(default: on with --follow, off otherwise)")
    f.set_defaults(func=cmd_feed)

    t = sub.add_parser("tail", help="print alerts as they arrive")
    t.add_argument("--watchlist", metavar="NAME", help="only this watchlist's topic")
    t.add_argument("--json", action="store_true", help="print Alert JSON lines")
    t.add_argument("--from-beginning", action="store_true", help="start at the oldest alert")
    t.add_argument("--limit", type=_positive_int, metavar="N", help="stop after N alerts")
    t.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop after SECONDS with no new alert")
    t.set_defaults(func=cmd_tail)

    w = sub.add_parser("worker", help="run a Faust worker (any number, one consumer group)")
    w.add_argument("--web-port", type=int, help="web/metrics port (NEWSWATCH_WEB_PORT)")
    w.add_argument("--data-dir", help="Faust data dir, one per worker (NEWSWATCH_DATA_DIR)")
    w.set_defaults(func=cmd_worker)

    k = sub.add_parser("kafka", help="the local single-node Apache Kafka")
    k.add_argument("action", choices=["start", "stop", "status", "fetch"])
    k.set_defaults(func=cmd_kafka)

    r = sub.add_parser("run", help="local Kafka + a worker, feed the seeds, print alerts")
    r.add_argument("paths", nargs="*", metavar="PATH", help="articles to feed (default: seeds)")
    r.set_defaults(func=cmd_run)

    p_replay = sub.add_parser(
        "replay", help="re-run past enriched articles through the watchlists (no NLP)")
    p_replay.add_argument("--watchlists", metavar="FILE",
                          help="watchlist file (default: NEWSWATCH_WATCHLISTS)")
    p_replay.add_argument("--watchlist", action="append", metavar="NAME",
                          help="only this watchlist (repeatable; default: all in the file)")
    p_replay.add_argument("--since", metavar="ISO", help="from this time (default: the start)")
    p_replay.add_argument("--until", metavar="ISO", help="up to this time (default: now)")
    p_replay.set_defaults(func=cmd_replay)

    c = sub.add_parser("topics", help="create every newswatch topic (idempotent)")
    c.set_defaults(func=cmd_topics)

    s = sub.add_parser("settings", help="print the settings in force and what each means")
    s.set_defaults(func=cmd_settings)
    return p


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if args.command != "worker":  # client commands: only the client libraries' problems
        logging.getLogger("aiokafka").setLevel(logging.WARNING)
    from streams.articles import InputError
    from streams.catalogue import CatalogueError
    from streams.feeder import FeedListError
    from streams.localkafka import KafkaHarnessError
    from streams.nlp import ModelError
    from streams.topics import BrokerUnavailable
    from streams.watchlists import WatchlistError

    try:
        settings = Settings.from_env()
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        return args.func(args, settings)
    except UserError as exc:
        _err(str(exc))
        return exc.code
    except (InputError, WatchlistError, CatalogueError, FeedListError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except BrokerUnavailable as exc:
        _err(str(exc))
        return EXIT_NO_BROKER
    except (KafkaHarnessError, ModelError) as exc:
        _err(str(exc))
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

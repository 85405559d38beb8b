"""New worlds: an empty account, or the demo account with two weeks of history.

The demo is built by *living through* its history with the same domain code the API
uses (upload, process, set up, publish, let participants work), starting two weeks
before the clock's current time. At "now" the account has datasets and batches in every
status, a batch ready to launch, a finished study with hundreds of responses, a paused
one, and a live study whose responses keep arriving as time passes.
"""

from __future__ import annotations

import io

from atb_tui.sandbox import batches, datasets, engine, participants, seed_content, studies
from atb_tui.sandbox.accounts import add_project, add_workspace
from atb_tui.sandbox.batch_items import validate_layout
from atb_tui.sandbox.ids import iso
from atb_tui.sandbox.instruction_rules import normalise_instruction
from atb_tui.sandbox.model import JSON, Batch, Collection, Dataset, Study, User, Workspace
from atb_tui.sandbox.money import balance
from atb_tui.sandbox.world import World

DAY = 86400.0
CROWD = 400
DEMO_BALANCE = 125_000  # £1,250.00 in pence
LIVE_REVIEWS = 300
LIVE_ARRIVAL_SECONDS = 9.0
MAX_GROUPS_PER_PERSON = 5  # people take a few task groups each, as on Taskflow
REVIEW_TASK = {
    "task_name": "Rate the sentiment of movie reviews",
    "task_introduction": "<p>You will read short movie reviews and say how the writer felt.</p>",
    "task_steps": (
        "<ol><li>Read the review</li><li>Pick the sentiment</li>"
        "<li>Say why in a few words</li></ol>"
    ),
}


def new_world(seed: int, now: float, *, demo: bool) -> World:
    """A fresh world at ``now``: the demo account, or a bare one with a funded workspace."""
    start = now - 14 * DAY if demo else now
    world = World(
        seed=seed,
        now=start,
        user=User("", "ada@example.org", "Ada", "Researcher", "GBP", start - 200 * DAY),
    )
    world.user.id = world.new_object_id()
    world.annotators = participants.make_annotators(world, CROWD)
    if demo:
        _build_demo(world, now)
    else:
        _workspace(world, "My workspace", "GBP", 100_000, "Default project")
    engine.run_until(world, now)
    return world


def _workspace(world: World, title: str, currency: str, funds: int, project: str) -> Workspace:
    space = add_workspace(world, title, currency, funds)
    add_project(world, space, project)
    return space


def _at(world: World, moment: float) -> None:
    engine.run_until(world, moment)


def _v3(world: World, space: Workspace, name: str, filename: str | None, content: bytes) -> Dataset:
    item = datasets.create_dataset(world, name, space.id, None, v4=False)
    if filename is not None:
        datasets.receive_v3_upload(world, item, filename, io.BytesIO(content))
    return item


def _v4(world: World, space: Workspace, name: str, schema: JSON, content: bytes) -> Dataset:
    item = datasets.create_dataset(world, name, space.id, schema, v4=True)
    job = datasets.new_import(world, item, "records.jsonl")
    datasets.receive_v4_upload(world, job, io.BytesIO(content))
    return item


def _batch(
    world: World,
    space: Workspace,
    name: str,
    dataset: Dataset,
    instructions: list[JSON],
    task: JSON = REVIEW_TASK,
) -> Batch:
    item = batches.create_batch(world, name, space.id, dict(task))
    item.dataset_id = dataset.id
    item.instructions = [
        batches.instruction_object(world, item, normalise_instruction(i), None)
        for i in instructions
    ]
    return item


def _layout_batch(
    world: World, space: Workspace, name: str, dataset: Dataset, layout: list[JSON], task: JSON
) -> Batch:
    item = batches.create_batch(world, name, space.id, dict(task))
    item.dataset_id = dataset.id
    item.batch_items = validate_layout(layout, dataset.schema, None, world.new_uuid)
    return item


def _study(world: World, item: Batch, name: str, reward: int, minutes: int, per_task: int) -> Study:
    body = {
        "name": name,
        "internal_name": f"{item.name} / {name}",
        "description": "<p>Help us label short texts. Takes a few minutes.</p>",
        "data_collection_method": "AI_TASK_BUILDER_BATCH",
        "data_collection_id": item.id,
        "data_collection_metadata": {"annotators_per_task": per_task},
        "reward": reward,
        "estimated_completion_time": minutes,
        "prolific_id_option": "not_required",
        "device_compatibility": ["desktop"],
        "study_labels": ["ai_annotation"],
        "submissions_config": {"max_submissions_per_participant": MAX_GROUPS_PER_PERSON},
    }
    return studies.create_study(world, body)


def _build_demo(world: World, now: float) -> None:
    lab = _workspace(world, "Sentiment Lab", "GBP", DEMO_BALANCE, "Movie reviews")
    vision = _workspace(world, "Vision Team", "USD", 300_000, "Image captions")
    vision.collections_enabled = False  # so the demo shows what a 403 "not enabled" looks like
    _pilot(world, lab, now - 10 * DAY)
    _vision(world, vision, now - 3 * DAY)
    _at(world, now - 2 * DAY)
    _lab_drafts(world, lab)
    _at(world, now - 95)
    live = _batch(
        world,
        lab,
        "Sentiment - main run",
        _v3(
            world,
            lab,
            f"Movie reviews - main run ({LIVE_REVIEWS})",
            "main_run.csv",
            seed_content.reviews_csv(LIVE_REVIEWS, 2),
        ),
        seed_content.SENTIMENT_INSTRUCTIONS,
    )
    _at(world, now - 92)
    batches.start_setup(world, live, None, 2)
    _at(world, now - 85)
    study = _study(world, live, "Movie review sentiment", 120, 4, 3)
    studies.transition(world, study, "PUBLISH", None)
    # 150 groups x 3 annotators = 450 places, one arrival every ~9 s: the live demo study
    # keeps producing responses for over an hour at speed 1.
    study.arrival_interval = LIVE_ARRIVAL_SECONDS
    _in_flight(world, lab, now)
    lab.funds += DEMO_BALANCE - int(balance(world, lab)["total_balance"])


def _pilot(world: World, lab: Workspace, start: float) -> None:
    _at(world, start)
    reviews = _v3(
        world,
        lab,
        "Movie reviews - pilot (60)",
        "pilot_reviews.csv",
        seed_content.reviews_csv(60, 1),
    )
    _at(world, start + 600)
    pilot = _batch(world, lab, "Sentiment - pilot", reviews, seed_content.SENTIMENT_INSTRUCTIONS)
    batches.start_setup(world, pilot, None, 5)
    _at(world, start + 900)
    study = _study(world, pilot, "Movie review sentiment (pilot)", 150, 5, 3)
    studies.transition(world, study, "PUBLISH", None)
    _at(world, start + DAY)
    for sub in [
        s
        for s in world.submissions.values()
        if s.study_id == study.id and s.status == "AWAITING REVIEW"
    ]:
        sub.status = "APPROVED"
    participants.settle(world, study)
    ready = _batch(
        world, lab, "Sentiment - ready to launch", reviews, seed_content.SENTIMENT_INSTRUCTIONS
    )
    batches.start_setup(world, ready, None, 4)


def _vision(world: World, vision: Workspace, start: float) -> None:
    _at(world, start)
    schema = {
        "strict": True,
        "fields": {
            "image": {"type": "image_url", "label": "Photo"},
            "caption": {"type": "text", "label": "Draft caption"},
            "photographer": {"type": "metadata"},
        },
    }
    scenes = _v4(world, vision, "Street scenes", schema, seed_content.street_scenes_jsonl())
    _at(world, start + 60)
    task = {
        "task_name": "Check photo captions",
        "task_introduction": "<p>Does the caption describe the photo?</p>",
        "task_steps": "<ol><li>Look at the photo</li><li>Judge the caption</li></ol>",
    }
    captions = _layout_batch(
        world, vision, "Caption quality", scenes, seed_content.CAPTION_LAYOUT, task
    )
    batches.start_setup(world, captions, None, 3)
    _at(world, start + 300)
    round_one = _study(world, captions, "Street scene captions - round 1", 90, 3, 2)
    studies.transition(world, round_one, "PUBLISH", None)
    _at(world, start + 320)
    if round_one.status == "ACTIVE":  # paused while people are still working
        studies.transition(world, round_one, "PAUSE", None)
    _study(world, captions, "Street scene captions - round 2", 90, 3, 3)


def _lab_drafts(world: World, lab: Workspace) -> None:
    grouped = _v3(
        world,
        lab,
        "Review threads (grouped)",
        "threads.csv",
        seed_content.reviews_csv(24, 3, grouped=True),
    )
    _v3(world, lab, "Product reviews - March", None, b"")
    _v3(world, lab, "Tweets export (broken)", "tweets.csv", seed_content.broken_tweets_csv())
    schema = {
        "strict": True,
        "fields": {
            "turn_text": {"type": "text", "label": "Turn"},
            "speaker": {"type": "text"},
            "conversation_id": {"type": "task_group_id"},
            "source": {"type": "metadata"},
        },
    }
    dialogue = _v4(world, lab, "Dialogue turns (V4)", schema, seed_content.dialogue_jsonl())
    _at(world, world.now + 60)
    _batch(world, lab, "Review threads", grouped, seed_content.THREAD_INSTRUCTIONS)
    task = {
        "task_name": "Judge assistant replies",
        "task_introduction": "<p>Read each chat turn.</p>",
        "task_steps": "<ol><li>Read</li><li>Judge</li></ol>",
    }
    dialogue_batch = _layout_batch(
        world, lab, "Dialogue quality", dialogue, seed_content.DIALOGUE_LAYOUT, task
    )
    batches.start_setup(world, dialogue_batch, None, 1)
    _collection(world, lab)
    failed = batches.create_batch(world, "Old tweets", lab.id, dict(REVIEW_TASK))
    failed.status, failed.error_reason = (
        "ERROR",
        "Task generation failed: the dataset could not be processed.",
    )


def _collection(world: World, lab: Workspace) -> None:
    task = {
        "task_name": "Write creative prompts",
        "task_introduction": "<p>Write prompts.</p>",
        "task_steps": "<ol><li>Read the brief</li><li>Write</li></ol>",
    }
    me, collection_id = world.user.id, world.new_uuid()
    stamp = {"created_by": me, "created_at": iso(world.now), "schema_version": 1}
    page_id = world.new_uuid()
    items = [
        {
            **stamp,
            "id": world.new_uuid(),
            "type": "rich_text",
            "order": 0,
            "parent_id": page_id,
            "parent_type": "collection",
            "content": "<p>Imagine a film nobody has made yet.</p>",
        },
        {
            **stamp,
            **normalise_instruction(seed_content.PROMPT_INSTRUCTION),
            "id": world.new_uuid(),
            "order": 1,
            "parent_id": collection_id,
            "parent_type": "collection",
        },
    ]
    pages = [{**stamp, "id": page_id, "page_items": items}]
    world.collections[collection_id] = Collection(
        collection_id, lab.id, "Creative prompts", task, pages, world.now, me, world.now, me
    )


def _in_flight(world: World, lab: Workspace, now: float) -> None:
    """Things that finish a few seconds after 'now', so the first screen shows movement."""
    _at(world, now - 1)
    _v3(world, lab, "Support tickets", "tickets.csv", seed_content.tickets_csv(30))
    reviews = next(d for d in world.datasets.values() if d.name.startswith("Movie reviews - pilot"))
    screen = _batch(world, lab, "Toxicity screen", reviews, seed_content.TRIAGE_INSTRUCTIONS)
    batches.start_setup(world, screen, None, 10)

"""Demo signboards and one open clean-up campaign: boards in several communities, some resting on the
catalog's signboard items (SF-Z05, SF-Z06), some without an admitted matter; the campaign lists those,
and one has already been taken down (with its photo). Through the services, once (idempotent)."""

from __future__ import annotations

import base64
import datetime as dt

from zhunru.areas.models import Area, Department
from zhunru.catalog.models import Matter
from zhunru.core import clock
from zhunru.registries import services
from zhunru.registries.models import Campaign, Signboard

# a 2 × 2 green PNG: the demo's photo of every board
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="
)

# community code, board name, department, placement, matter code (or "" for none)
BOARDS = [
    ("990101001001", "新时代文明实践站", "区委宣传部", "inside", "SF-Z05"),
    ("990101001001", "退役军人服务站", "区退役军人事务局", "inside", "SF-Z06"),
    ("990101001001", "禁毒工作站", "区公安分局", "outside", ""),
    ("990101001001", "消防安全宣传站", "区消防救援大队", "outside", ""),
    ("990101001002", "新时代文明实践站", "区委宣传部", "inside", "SF-Z05"),
    ("990101001002", "老年人体育协会", "区文化和旅游局", "outside", ""),
    ("990101001003", "退役军人服务站", "区退役军人事务局", "inside", "SF-Z06"),
    ("990101002001", "新时代文明实践站", "区委宣传部", "inside", "SF-Z05"),
    ("990101002001", "市场监管服务站", "区市场监督管理局", "outside", ""),
    ("990101002002", "应急管理服务站", "区应急管理局", "inside", ""),
    ("990101101001", "退役军人服务站", "区退役军人事务局", "inside", "SF-Z06"),
]
CAMPAIGN = "2026年社区挂牌清理整治"
REMOVED = ("990101001002", "老年人体育协会")  # already taken down during the campaign


def load_signboards() -> list[Signboard]:
    from zhunru.demo.gateway import community_worker

    if Signboard.objects.exists():
        return list(Signboard.objects.all())
    boards = []
    for code, name, department, placement, matter in BOARDS:
        community = Area.objects.get(code=code)
        boards.append(
            services.signboard_register(
                actor=community_worker(community),
                name=name,
                department=Department.objects.get(name=department),
                placement=placement,
                matter=Matter.objects.get(code=matter) if matter else None,
                photo=("photo.png", PHOTO),
            )
        )
    if not Campaign.objects.exists():
        services.campaign_open(
            actor=None,
            name=CAMPAIGN,
            deadline=clock.today() + dt.timedelta(days=30),
            note="摘除未经准入的挂牌，摘除后上传现场照片。",
        )
    board = next(b for b in boards if (b.community.code, b.name) == REMOVED)
    services.signboard_remove(
        actor=community_worker(board.community), signboard=board, photo=("after.png", PHOTO), note="已摘除"
    )
    return boards

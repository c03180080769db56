"""Notices the panels show: announcements, maintenance, and changes of the terms."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from server.db import insert_for
from server.documents import DocumentStore
from server.models import Notice, ServerState, iso, utcnow

KINDS = ("announcement", "terms", "maintenance")
IMPORTANCE = ("normal", "important")
TERMS_LAMP = timedelta(days=30)  # the lamp stays lit as long as the notice period
_STATE_KEY = "documents.current"


def add_notice(session: Session, *, kind: str, title_ja: str, title_en: str, body_ja: str,
               body_en: str, importance: str = "normal", expires: datetime | None = None,
               lamp_until: datetime | None = None, published: datetime | None = None) -> Notice:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if importance not in IMPORTANCE:
        raise ValueError(f"importance must be one of {IMPORTANCE}")
    notice = Notice(kind=kind, importance=importance, published=published or utcnow(),
                    expires=expires, lamp_until=lamp_until, title_ja=title_ja,
                    title_en=title_en, body_ja=body_ja, body_en=body_en)
    return _publish(session, notice)


def _publish(session: Session, notice: Notice) -> Notice:
    session.add(notice)
    session.commit()
    session.refresh(notice)
    return notice


def ensure_terms_notice(session: Session, documents: DocumentStore) -> Notice | None:
    """When the current terms or policy changed since last seen, publish a "terms" notice.

    The first versions a fresh server sees are recorded without a notice: nobody
    accepted anything earlier that changed. Every worker may see the new files at
    once: the database lets one of them move the recorded versions (a conditional
    UPDATE on the value it read), and that one publishes, in the same transaction.
    Versions only move forward: a worker still on older files during a rolling
    update publishes nothing.
    """
    terms, privacy = documents.current_versions()
    current = f"{terms}|{privacy}"
    state = session.get(ServerState, _STATE_KEY)
    if state is not None and state.value == current:
        return None  # the usual case: read only
    table = ServerState.__table__
    if state is None:
        insert = insert_for(session.get_bind().dialect.name)
        session.execute(insert(table).values(key=_STATE_KEY, value=current)
                        .on_conflict_do_nothing(index_elements=[table.c.key]))
        session.commit()
        return None  # recorded (by us or by a worker that started alongside): no notice
    seen = state.value
    if tuple(seen.split("|")) >= (terms, privacy):
        return None  # ours are older files: another worker already runs newer ones
    moved = session.execute(update(table).where(table.c.key == _STATE_KEY,
                                                table.c.value == seen)
                            .values(value=current)).rowcount
    if moved != 1:  # another worker moved it first and publishes the notice
        session.rollback()
        return None
    now = utcnow()
    return _publish(session, Notice(
        kind="terms", importance="important", lamp_until=now + TERMS_LAMP, published=now,
        title_ja="利用規約・プライバシーポリシーの改定",
        title_en="The terms of use and privacy policy have changed",
        body_ja=(f"利用規約（{terms}版）とプライバシーポリシー（{privacy}版）を改定しました。"
                 "設定 > サーバー登録 で内容をご確認のうえ、同意してください。"
                 "同意いただくまで、バックアップの送信を止めています。"),
        body_en=(f"We have revised the terms of use ({terms}) and the privacy policy "
                 f"({privacy}). Please read and accept them in Settings > Server "
                 "registration. Backups are paused until you accept.")))


def notice_json(n: Notice) -> dict:
    return {"id": str(n.id), "kind": n.kind, "importance": n.importance,
            "published": iso(n.published), "expires": iso(n.expires),
            "lamp_until": iso(n.lamp_until),
            "title": {"ja": n.title_ja, "en": n.title_en},
            "body": {"ja": n.body_ja, "en": n.body_en}}


def page(session: Session, since: int, limit: int) -> tuple[list[Notice], int]:
    """Published, unexpired notices after the cursor (an id), oldest first."""
    now = utcnow()
    rows = list(session.exec(
        select(Notice).where(Notice.id > since, Notice.published <= now)
        .order_by(Notice.id).limit(limit)))
    # The cursor moves past expired ones too, so they are not fetched again.
    nxt = rows[-1].id if rows else since
    live = [n for n in rows if n.expires is None or n.expires > now]
    return live, nxt

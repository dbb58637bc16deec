"""Retrain without fear (issue 15 item 5): "Retrain" trains a new model in the background, its progress on screen
(the page reads the record again every few seconds while it trains); the new model is scored on the held-out NLU
file and the dialogue evaluation's held-out file, refused with its figures if either drops by more than the margin
below the live model's, else the editor switches it live (Rasa's PUT /model: the running server swaps it without a
restart) and can roll back to the previous model in one click. Every model keeps its figures and who switched it.

    GET  /studio/model                     the models, their figures and states; the training under way
    POST /studio/model/train               start a training (one at a time)
    POST /studio/model/{name}/live         switch a ready (or the previous) model live
    POST /studio/model/rollback            the previous model live again

The desk has one model for every client: any account with the `edit_kb` right somewhere may retrain it. The
training is the studio's trainer and scorer (servicedesk/retraining.py; the real ones are scripts/candidate.py).
"""

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response

from console.live_rasa import LiveRasa, RasaUnreachable
from console.pages import render
from console.permissions import requires
from console.studio import Studio, StudioDep
from servicedesk import retraining
from servicedesk.accounts.service import Agent

router = APIRouter()
Editor = Annotated[Agent, Depends(requires("edit_kb"))]
REFRESH = 3  # seconds between two readings of the page while a model trains


@router.get("/studio/model")
def model_page(request: Request, studio: StudioDep, agent: Editor, problem: str = "") -> Response:
    records = list(reversed(studio.registry().all()))
    training = next((record for record in records if record.state == retraining.TRAINING), None)
    return render(request, "studio_model.html", agent=agent, records=records, training=training,
                  refresh=REFRESH if training else 0, margin=studio.margin, problem=problem)


@router.post("/studio/model/train")
def train(studio: StudioDep, agent: Editor) -> Response:
    record = retraining.start(studio.registry(), by=agent.actor)
    if record is None:
        return RedirectResponse("/studio/model?problem=busy", status_code=303)
    job = threading.Thread(target=_train, args=(studio, record), name=f"retrain-{record.name}", daemon=True)
    studio.extras["job"] = job
    job.start()
    return RedirectResponse("/studio/model", status_code=303)


def _train(studio: Studio, record: retraining.ModelRecord) -> None:
    trainer, scorer = studio.trainer, studio.scorer
    if trainer is None or scorer is None:
        from scripts import candidate  # the real training: minutes of two cores, never in tests

        trainer, scorer = candidate.train, candidate.score
    retraining.train_and_score(studio.registry(), record, trainer=trainer, scorer=scorer, margin=studio.margin)


@router.post("/studio/model/{name}/live")
def go_live(studio: StudioDep, agent: Editor, name: str) -> Response:
    record = studio.registry().get(name)
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "refusal.not_found")
    if record.state not in (retraining.READY, retraining.PREVIOUS):
        return RedirectResponse("/studio/model?problem=not_ready", status_code=303)
    return _switch(studio, agent, record)


@router.post("/studio/model/rollback")
def roll_back(studio: StudioDep, agent: Editor) -> Response:
    previous = studio.registry().in_state(retraining.PREVIOUS)
    if previous is None:
        return RedirectResponse("/studio/model?problem=no_previous", status_code=303)
    return _switch(studio, agent, previous)


def _switch(studio: Studio, agent: Agent, record: retraining.ModelRecord) -> Response:
    try:
        with LiveRasa(studio.rasa_url, token=studio.rasa_token, transport=studio.rasa_transport) as rasa:
            rasa.load(record.file)
    except RasaUnreachable:
        return RedirectResponse("/studio/model?problem=unreachable", status_code=303)
    studio.registry().switch(record.name, by=agent.actor)
    return RedirectResponse("/studio/model", status_code=303)

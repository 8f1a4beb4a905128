"""The report on how a collection's proposals were handled: a print view and a .docx."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from tongxin.core.http import ActorRequest

from .. import queries
from ..report_docx import report_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def report_print(request: ActorRequest, pk: int) -> HttpResponse:
    collection = queries.collection_get(actor=request.actor, pk=pk)
    report = queries.proposal_report(actor=request.actor, collection=collection)
    return render(request, "proposals/report_print.html", {"report": report})


@login_required
def report_download(request: ActorRequest, pk: int) -> HttpResponse:
    collection = queries.collection_get(actor=request.actor, pk=pk)
    report = queries.proposal_report(actor=request.actor, collection=collection)
    response = HttpResponse(report_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="proposals-{collection.pk}.docx"'
    return response

"""/api/cards/activations: 激活管理."""

from __future__ import annotations

from fastapi import APIRouter

from cards.activations import service
from cards.activations.schemas import ActivationIn, ActivationOut, ActivationPage
from cards.issues.router import request_filters
from cards.scoped_routes import add_request_routes, add_scoped_detail, add_scoped_list

router = APIRouter(prefix="/api/cards/activations", tags=["激活管理"])


add_scoped_list(router, "", name="list_activations", summary="激活批次列表", response_model=ActivationPage,
                code="cards:activation:list", filters=request_filters, list_rows=service.list_activations)


add_scoped_detail(router, "/{activation_id}", id_name="activation_id", name="detail", summary="激活批次详情",
                  response_model=ActivationOut, code="cards:activation:list", detail=service.activation_detail)


add_request_routes(router, id_name="activation_id", code="cards:activation", create_summary="申请激活（充值）批次",
                   review_summary="审核激活批次（通过即充值）", create_in=ActivationIn, response_model=ActivationOut,
                   request=service.request_activation, review=service.review)

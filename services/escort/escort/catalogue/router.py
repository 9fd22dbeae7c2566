"""Products, hospitals and questions: admin pages (/api/escort/...) and the member app (/app/escort/...)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from escort.catalogue import service
from escort.catalogue.schemas import (
    AppHospitalPage,
    AppProductPage,
    DistrictsOut,
    HospitalIn,
    HospitalOut,
    HospitalPage,
    HospitalPatch,
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPatch,
    QuestionGroupsOut,
    QuestionIn,
    QuestionOut,
    QuestionPage,
    QuestionPatch,
)
from escort.catalogue.service import HospitalFilter, ProductFilter, QuestionFilter
from escort.common import flag_filter
from shared.app import db_session
from shared.concurrency import expected_version
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Id, Text
from shared.xlsx import XLSX_MEDIA, xlsx_response

router = APIRouter(prefix="/api/escort", tags=["陪诊管理: 产品/医院/问答"])
app_router = APIRouter(prefix="/app/escort", tags=["会员: 陪诊"])
Flag = Literal["0", "1"]
EXPORT = {"200": {"content": {XLSX_MEDIA: {}}, "description": "xlsx 文件"}}


# ---------------------------------------------------------------- products


async def product_filter(
    keyword: Text | None = Query(None, max_length=100, description="产品名称/描述"),
    service_type: Literal["full", "half", "report", "consult"] | None = Query(None),
    on_shelf: Flag | None = Query(None, description="1 上架 0 下架"),
    city: Text | None = Query(None, max_length=50),
) -> ProductFilter:
    return ProductFilter(keyword=keyword, service_type=service_type, on_shelf=flag_filter(on_shelf), city=city)


@router.get("/products", response_model=ProductPage, response_model_exclude_unset=True, summary="产品列表")
async def list_products(
    filters: ProductFilter = Depends(product_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("escort:product:list")),
) -> dict:
    return await service.list_products(session, filters, params)


PRODUCT_COLUMNS = [("id", "ID"), ("name", "产品名称"), ("service_type_label", "服务类型"), ("price", "售价"),
                   ("share_mode", "分成方式"), ("share_value", "分成值"), ("escort_share", "陪诊师分成"),
                   ("duration_minutes", "服务时长(分钟)"), ("cities", "销售城市"), ("on_shelf", "上下架"),
                   ("sort", "排序"), ("created_at", "创建时间")]


@router.get("/products/export", response_class=Response, responses=EXPORT, summary="导出产品")
async def export_products(
    filters: ProductFilter = Depends(product_filter), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("escort:product:list")),
) -> Response:
    return xlsx_response("陪诊产品.xlsx", PRODUCT_COLUMNS, await service.export_products(session, filters))


@router.get("/products/{product_id}", response_model=ProductOut, summary="产品详情")
async def get_product(product_id: Id, session: AsyncSession = Depends(db_session),
                      _: Principal = Depends(Require("escort:product:list"))) -> ProductOut:
    return await service.get_product(session, product_id)


@router.post("/products", status_code=201, response_model=ProductOut, summary="新增产品")
async def create_product(body: ProductIn, session: AsyncSession = Depends(db_session),
                         principal: Principal = Depends(Require("escort:product:create"))) -> ProductOut:
    return await service.create_product(session, body, principal)


@router.patch("/products/{product_id}", response_model=ProductOut, summary="修改产品（含上下架）")
async def update_product(product_id: Id, body: ProductPatch, if_match: int | None = Depends(expected_version),
                         session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require("escort:product:update"))) -> ProductOut:
    return await service.update_product(session, product_id, body, if_match)


@router.delete("/products/{product_id}", status_code=204, response_class=Response, summary="删除产品")
async def delete_product(product_id: Id, session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require("escort:product:delete"))) -> Response:
    await service.delete_product(session, product_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- hospitals


async def hospital_filter(
    keyword: Text | None = Query(None, max_length=100, description="医院名称/地址"),
    level: Literal["三甲", "三乙", "二甲", "二乙", "一级", "其他"] | None = Query(None),
    district_id: Id | None = Query(None),
    shown: Flag | None = Query(None, description="1 显示 0 隐藏"),
) -> HospitalFilter:
    return HospitalFilter(keyword=keyword, level=level, district_id=district_id, shown=flag_filter(shown))


@router.get("/hospitals", response_model=HospitalPage, response_model_exclude_unset=True, summary="医院列表")
async def list_hospitals(
    filters: HospitalFilter = Depends(hospital_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("escort:hospital:list")),
) -> dict:
    return await service.list_hospitals(session, filters, params)


HOSPITAL_COLUMNS = [("id", "ID"), ("name", "医院名称"), ("level", "等级"), ("city", "城市"),
                    ("district_name", "区县"), ("address", "地址"), ("departments", "科室"), ("shown", "显示"),
                    ("sort", "排序"), ("created_at", "创建时间")]


@router.get("/hospitals/export", response_class=Response, responses=EXPORT, summary="导出医院")
async def export_hospitals(
    filters: HospitalFilter = Depends(hospital_filter), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("escort:hospital:list")),
) -> Response:
    return xlsx_response("陪诊医院.xlsx", HOSPITAL_COLUMNS, await service.export_hospitals(session, filters))


@router.get("/districts", response_model=DistrictsOut, summary="区县选项")
async def list_districts(session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require("escort:hospital:list"))) -> DistrictsOut:
    return DistrictsOut(district_list=await service.district_options(session))


@router.get("/hospitals/{hospital_id}", response_model=HospitalOut, summary="医院详情")
async def get_hospital(hospital_id: Id, session: AsyncSession = Depends(db_session),
                       _: Principal = Depends(Require("escort:hospital:list"))) -> HospitalOut:
    return await service.get_hospital(session, hospital_id)


@router.post("/hospitals", status_code=201, response_model=HospitalOut, summary="新增医院")
async def create_hospital(body: HospitalIn, session: AsyncSession = Depends(db_session),
                          principal: Principal = Depends(Require("escort:hospital:create"))) -> HospitalOut:
    return await service.create_hospital(session, body, principal)


@router.patch("/hospitals/{hospital_id}", response_model=HospitalOut, summary="修改医院（含显示/隐藏）")
async def update_hospital(hospital_id: Id, body: HospitalPatch, if_match: int | None = Depends(expected_version),
                          session: AsyncSession = Depends(db_session),
                          _: Principal = Depends(Require("escort:hospital:update"))) -> HospitalOut:
    return await service.update_hospital(session, hospital_id, body, if_match)


@router.delete("/hospitals/{hospital_id}", status_code=204, response_class=Response, summary="删除医院")
async def delete_hospital(hospital_id: Id, session: AsyncSession = Depends(db_session),
                          _: Principal = Depends(Require("escort:hospital:delete"))) -> Response:
    await service.delete_hospital(session, hospital_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- questions


async def question_filter(
    keyword: Text | None = Query(None, max_length=100, description="问题/答案"),
    group_name: Text | None = Query(None, max_length=50),
    shown: Flag | None = Query(None, description="1 显示 0 隐藏"),
) -> QuestionFilter:
    return QuestionFilter(keyword=keyword, group_name=group_name, shown=flag_filter(shown))


@router.get("/questions", response_model=QuestionPage, response_model_exclude_unset=True, summary="问答列表")
async def list_questions(
    filters: QuestionFilter = Depends(question_filter), params: PageParams = Depends(page_params),
    session: AsyncSession = Depends(db_session), _: Principal = Depends(Require("escort:question:list")),
) -> dict:
    return await service.list_questions(session, filters, params)


QUESTION_COLUMNS = [("id", "ID"), ("group_name", "分组"), ("question", "问题"), ("answer", "答案"),
                    ("shown", "显示"), ("sort", "排序"), ("created_at", "创建时间")]


@router.get("/questions/export", response_class=Response, responses=EXPORT, summary="导出问答")
async def export_questions(
    filters: QuestionFilter = Depends(question_filter), session: AsyncSession = Depends(db_session),
    _: Principal = Depends(Require("escort:question:list")),
) -> Response:
    return xlsx_response("陪诊问答.xlsx", QUESTION_COLUMNS, await service.export_questions(session, filters))


@router.get("/questions/{question_id}", response_model=QuestionOut, summary="问答详情")
async def get_question(question_id: Id, session: AsyncSession = Depends(db_session),
                       _: Principal = Depends(Require("escort:question:list"))) -> QuestionOut:
    return await service.get_question(session, question_id)


@router.post("/questions", status_code=201, response_model=QuestionOut, summary="新增问答")
async def create_question(body: QuestionIn, session: AsyncSession = Depends(db_session),
                          principal: Principal = Depends(Require("escort:question:create"))) -> QuestionOut:
    return await service.create_question(session, body, principal)


@router.patch("/questions/{question_id}", response_model=QuestionOut, summary="修改问答")
async def update_question(question_id: Id, body: QuestionPatch, if_match: int | None = Depends(expected_version),
                          session: AsyncSession = Depends(db_session),
                          _: Principal = Depends(Require("escort:question:update"))) -> QuestionOut:
    return await service.update_question(session, question_id, body, if_match)


@router.delete("/questions/{question_id}", status_code=204, response_class=Response, summary="删除问答")
async def delete_question(question_id: Id, session: AsyncSession = Depends(db_session),
                          _: Principal = Depends(Require("escort:question:delete"))) -> Response:
    await service.delete_question(session, question_id)
    return Response(status_code=204)


# ---------------------------------------------------------------- member app


@app_router.get("/products", response_model=AppProductPage, response_model_exclude_unset=True,
                summary="可预约的陪诊产品")
async def app_products(
    keyword: Text | None = Query(None, max_length=100),
    service_type: Literal["full", "half", "report", "consult"] | None = Query(None),
    city: Text | None = Query(None, max_length=50),
    params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict:
    return await service.shelf_products(session, ProductFilter(keyword=keyword, service_type=service_type,
                                                               city=city), params)


@app_router.get("/hospitals", response_model=AppHospitalPage, response_model_exclude_unset=True,
                summary="可陪诊的医院")
async def app_hospitals(
    keyword: Text | None = Query(None, max_length=100), district_id: Id | None = Query(None),
    params: PageParams = Depends(page_params), session: AsyncSession = Depends(db_session),
    _: Identity = Depends(require_member),
) -> dict:
    return await service.shown_hospitals(session, HospitalFilter(keyword=keyword, district_id=district_id), params)


@app_router.get("/questions", response_model=QuestionGroupsOut, summary="常见问答（按分组）")
async def app_questions(session: AsyncSession = Depends(db_session),
                        _: Identity = Depends(require_member)) -> QuestionGroupsOut:
    return await service.shown_questions(session)

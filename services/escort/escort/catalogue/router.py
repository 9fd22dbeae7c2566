"""Products, hospitals and questions: admin pages (/api/escort/...) and the member app (/app/escort/...)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

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
from shared.admin_pages import AdminPage, add_admin_page
from shared.app import db_session
from shared.identity import Identity, Principal, Require, require_member
from shared.listing import PageParams, page_params
from shared.types import Id, Text

router = APIRouter(prefix="/api/escort", tags=["陪诊管理: 产品/医院/问答"])
app_router = APIRouter(prefix="/app/escort", tags=["会员: 陪诊"])
Flag = Literal["0", "1"]


# ---------------------------------------------------------------- products


async def product_filter(
    keyword: Text | None = Query(None, max_length=100, description="产品名称/描述"),
    service_type: Literal["full", "half", "report", "consult"] | None = Query(None),
    on_shelf: Flag | None = Query(None, description="1 上架 0 下架"),
    city: Text | None = Query(None, max_length=50),
) -> ProductFilter:
    return ProductFilter(keyword=keyword, service_type=service_type, on_shelf=flag_filter(on_shelf), city=city)


PRODUCT_COLUMNS = [("id", "ID"), ("name", "产品名称"), ("service_type_label", "服务类型"), ("price", "售价"),
                   ("share_mode", "分成方式"), ("share_value", "分成值"), ("escort_share", "陪诊师分成"),
                   ("duration_minutes", "服务时长(分钟)"), ("cities", "销售城市"), ("on_shelf", "上下架"),
                   ("sort", "排序"), ("created_at", "创建时间")]


add_admin_page(router, AdminPage(
    path="/products", id_name="product_id", singular="product", plural="products", label="产品",
    update_note="（含上下架）", code="escort:product", page=ProductPage, out=ProductOut, create_in=ProductIn,
    patch_in=ProductPatch, filters=product_filter, export_name="陪诊产品.xlsx", export_columns=PRODUCT_COLUMNS,
    list_rows=service.list_products, export_rows=service.export_products, get_row=service.get_product,
    create_row=service.create_product, update_row=service.update_product, delete_row=service.delete_product,
))


# ---------------------------------------------------------------- hospitals


async def hospital_filter(
    keyword: Text | None = Query(None, max_length=100, description="医院名称/地址"),
    level: Literal["三甲", "三乙", "二甲", "二乙", "一级", "其他"] | None = Query(None),
    district_id: Id | None = Query(None),
    shown: Flag | None = Query(None, description="1 显示 0 隐藏"),
) -> HospitalFilter:
    return HospitalFilter(keyword=keyword, level=level, district_id=district_id, shown=flag_filter(shown))


HOSPITAL_COLUMNS = [("id", "ID"), ("name", "医院名称"), ("level", "等级"), ("city", "城市"),
                    ("district_name", "区县"), ("address", "地址"), ("departments", "科室"), ("shown", "显示"),
                    ("sort", "排序"), ("created_at", "创建时间")]


add_admin_page(router, AdminPage(
    path="/hospitals", id_name="hospital_id", singular="hospital", plural="hospitals", label="医院",
    update_note="（含显示/隐藏）", code="escort:hospital", page=HospitalPage, out=HospitalOut, create_in=HospitalIn,
    patch_in=HospitalPatch, filters=hospital_filter, export_name="陪诊医院.xlsx", export_columns=HOSPITAL_COLUMNS,
    list_rows=service.list_hospitals, export_rows=service.export_hospitals, get_row=service.get_hospital,
    create_row=service.create_hospital, update_row=service.update_hospital, delete_row=service.delete_hospital,
))


@router.get("/districts", response_model=DistrictsOut, summary="区县选项")
async def list_districts(session: AsyncSession = Depends(db_session),
                         _: Principal = Depends(Require("escort:hospital:list"))) -> DistrictsOut:
    return DistrictsOut(district_list=await service.district_options(session))


# ---------------------------------------------------------------- questions


async def question_filter(
    keyword: Text | None = Query(None, max_length=100, description="问题/答案"),
    group_name: Text | None = Query(None, max_length=50),
    shown: Flag | None = Query(None, description="1 显示 0 隐藏"),
) -> QuestionFilter:
    return QuestionFilter(keyword=keyword, group_name=group_name, shown=flag_filter(shown))


QUESTION_COLUMNS = [("id", "ID"), ("group_name", "分组"), ("question", "问题"), ("answer", "答案"),
                    ("shown", "显示"), ("sort", "排序"), ("created_at", "创建时间")]


add_admin_page(router, AdminPage(
    path="/questions", id_name="question_id", singular="question", plural="questions", label="问答",
    update_note="", code="escort:question", page=QuestionPage, out=QuestionOut, create_in=QuestionIn,
    patch_in=QuestionPatch, filters=question_filter, export_name="陪诊问答.xlsx", export_columns=QUESTION_COLUMNS,
    list_rows=service.list_questions, export_rows=service.export_questions, get_row=service.get_question,
    create_row=service.create_question, update_row=service.update_question, delete_row=service.delete_question,
))


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

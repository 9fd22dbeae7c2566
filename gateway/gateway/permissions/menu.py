"""The permission tree: the admin back office's menus (seed 000) with their buttons. The one source of it.

Directories hold menus; a menu (page) is guarded by its `list` code; the other actions are buttons under it.
`python -m gateway.demo` (and the gateway at start) writes this tree into the permissions table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

ACTION_LABELS: dict[str, str] = {
    "list": "查询",
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "review": "审核",
    "export": "导出",
    "import": "导入",
    "lock": "锁定",
    "release": "释放到公海",
    "restore": "恢复",
    "claim": "认领",
    "assign": "分配",
    "void": "作废",
    "change_no": "修改合同编号",
    "attachment": "附件",
    "extend": "延期",
    "freeze": "冻结",
    "unfreeze": "解冻",
    "reset_password": "重置密码",
    "pay": "打款",
    "revoke": "吊销",
}
CRUD = ("list", "create", "update", "delete")


@dataclass(frozen=True)
class Page:
    """A menu page: `prefix` is `module:entity`; its codes are `prefix:action`."""

    name: str
    prefix: str
    path: str
    actions: tuple[str, ...] = CRUD
    children: tuple[Page, ...] = ()  # sub-pages shown under this one (单项管理 under 品牌管理)

    @property
    def code(self) -> str:
        return f"{self.prefix}:{self.actions[0]}"


@dataclass(frozen=True)
class Directory:
    name: str
    code: str
    pages: tuple[Page, ...] = field(default_factory=tuple)


MENU: tuple[Directory, ...] = (
    Directory("客户管理", "crm", (
        Page("客户管理", "crm:customer", "/crm/customers",
             ("list", "create", "update", "delete", "review", "export", "import", "lock", "release", "restore")),
        Page("公海管理", "crm:pool", "/crm/pool", ("list", "claim", "assign"),
             children=(Page("公海规则", "crm:pool_rule", "/crm/pool-rules", ("list", "update")),)),
        Page("跟进记录管理", "crm:follow_up", "/crm/follow-ups"),
        Page("跟进人管理", "crm:owner_change", "/crm/owner-changes", ("list", "create", "review", "delete")),
        Page("合同管理", "crm:contract", "/crm/contracts",
             ("list", "create", "update", "delete", "review", "void", "change_no", "attachment", "export")),
        Page("回款管理", "crm:payment", "/crm/payments", ("list", "create", "update", "delete", "export")),
    )),
    Directory("卡片管理", "cards", (
        Page("卡片管理", "cards:card", "/cards/cards", ("list", "extend", "void", "freeze", "unfreeze", "export")),
        Page("制卡管理", "cards:making", "/cards/making-batches",
             ("list", "create", "review", "export", "reset_password")),
        Page("领卡管理", "cards:issue", "/cards/issues", ("list", "create", "review")),
        Page("激活管理", "cards:activation", "/cards/activations", ("list", "create", "review")),
        Page("合同额度", "cards:entitlement", "/cards/entitlements", ("list",)),
    )),
    Directory("体检管理", "health", (
        Page("品牌管理", "health:brand", "/health/brands",
             children=(Page("单项管理", "health:item", "/health/items", (*CRUD, "import", "export")),)),
        Page("医院管理", "health:hospital", "/health/hospitals", children=(
            Page("排班", "health:schedule", "/health/schedules", ("list", "update")),
            Page("员工管理", "health:hospital_staff", "/health/hospital-staff"),
        )),
        Page("套餐管理", "health:package", "/health/packages"),
        Page("套餐分类", "health:category", "/health/categories"),
        Page("疾病管理", "health:disease", "/health/diseases"),
        Page("订单管理", "health:order", "/health/orders", ("list", "update", "export")),
    )),
    Directory("商城管理", "mall", (
        Page("品牌管理", "mall:brand", "/mall/brands", (*CRUD, "export")),
        Page("商品管理", "mall:goods", "/mall/goods", (*CRUD, "import", "export")),
        Page("分类管理", "mall:category", "/mall/categories", (*CRUD, "export")),
        # update: ship, cancel, handle after-sales; import: the .xlsx of shipments.
        Page("订单管理", "mall:order", "/mall/orders", ("list", "update", "export", "import")),
    )),
    Directory("陪诊管理", "escort", (
        Page("产品管理", "escort:product", "/escort/products"),
        Page("医院管理", "escort:hospital", "/escort/hospitals"),
        Page("提现项管理", "escort:withdrawal_item", "/escort/withdrawal-items"),
        Page("问答管理", "escort:question", "/escort/questions"),
        Page("陪诊师管理", "escort:escort", "/escort/escorts"),
        Page("提现管理", "escort:withdrawal", "/escort/withdrawals", ("list", "review", "pay")),
        Page("订单管理", "escort:order", "/escort/orders", ("list", "update")),
    )),
    Directory("运营管理", "ops", (
        # Grants go request (create) -> review; revoke takes back what a grant has not yet paid for.
        Page("红包管理", "cards:red_packet", "/cards/red-packets", ("list", "create", "review", "revoke", "export")),
        # Served by crm (as 红包管理 by cards): the code's prefix names the service the gateway forwards it to.
        Page("客服管理", "crm:service_contact", "/ops/service-contacts",
             children=(Page("工单管理", "crm:ticket", "/ops/tickets", ("list", "create", "update")),)),
        Page("配置项管理", "ops:config", "/ops/configs"),
        Page("模块管理", "ops:module", "/ops/modules"),
        Page("服务管理", "ops:service", "/ops/services"),
        # Served by health; 爱尔活动管理 is the same list narrowed to the 爱尔 brands, with its own grant.
        Page("活动管理", "health:campaign", "/ops/campaigns", (*CRUD, "export")),
        Page("爱尔活动管理", "health:aier_campaign", "/ops/aier-campaigns", ("list", "export")),
    )),
    Directory("报表管理", "reports", (
        Page("销售报表", "reports:sales", "/reports/sales", ("list", "export")),
        Page("卡片消费报表", "reports:card_consumption", "/reports/card-consumption", ("list", "export")),
        Page("商品报表", "reports:goods", "/reports/goods", ("list", "export")),
        Page("商品品牌报表", "reports:goods_brand", "/reports/goods-brands", ("list", "export")),
        Page("医院结算报表", "reports:hospital_settlement", "/reports/hospital-settlement", ("list", "export")),
        # Beside 医院结算报表: escort orders settled per hospital and per escort, from escort.OrderSettled.
        Page("陪诊结算报表", "reports:escort_settlement", "/reports/escort-settlement", ("list", "export")),
    )),
    Directory("用户管理", "system:members", (
        # update covers disable/enable; the detail (cards, orders, tickets, logins) is behind list.
        Page("用户管理", "system:member", "/system/members", ("list", "update", "reset_password", "export")),
    )),
    Directory("公司管理", "system", (
        Page("员工管理", "system:user", "/system/users", (*CRUD, "reset_password")),
        Page("部门管理", "system:dept", "/system/departments"),
        Page("权限管理", "system:permission", "/system/permissions", ("list",)),
        Page("角色管理", "system:role", "/system/roles"),
    )),
    Directory("系统日志与接口", "system:logs", (
        Page("操作日志", "system:operation_log", "/system/operation-logs", ("list", "export")),
        Page("登录日志", "system:login_log", "/system/login-logs", ("list",)),
        Page("接口密钥", "system:api_key", "/system/api-keys", ("list", "create", "revoke")),
    )),
)


@dataclass(frozen=True)
class Node:
    """One row of the permissions table."""

    code: str
    name: str
    kind: str  # directory | menu | button
    parent_code: str | None
    path: str
    sort: int


def _page_nodes(page: Page, parent: str, sort: int) -> Iterator[Node]:
    yield Node(page.code, page.name, "menu", parent, page.path, sort)
    for index, action in enumerate(page.actions[1:], start=1):
        yield Node(f"{page.prefix}:{action}", ACTION_LABELS[action], "button", page.code, "", index)
    for index, child in enumerate(page.children, start=len(page.actions)):
        yield from _page_nodes(child, page.code, index)


def nodes() -> list[Node]:
    """The whole tree, parents before children."""
    found: list[Node] = []
    for d_index, directory in enumerate(MENU, start=1):
        found.append(Node(directory.code, directory.name, "directory", None, "", d_index))
        for p_index, page in enumerate(directory.pages, start=1):
            found.extend(_page_nodes(page, directory.code, p_index))
    return found


def permission_codes() -> frozenset[str]:
    """Codes a role may hold: every menu and button (directories only group them)."""
    return frozenset(n.code for n in nodes() if n.kind != "directory")

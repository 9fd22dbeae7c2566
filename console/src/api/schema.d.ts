// Generated from the gateway's merged /openapi.json by `npm run gen:api`: do not edit.
export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 员工登录 */
        post: operations["staff_login_api_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 退出登录（当前凭证立即失效） */
        post: operations["staff_logout_api_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 当前员工、权限与菜单 */
        get: operations["me_api_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** 修改自己的密码（其他登录随即失效） */
        put: operations["change_password_api_auth_password_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 刷新登录凭证（旧的刷新凭证随即失效） */
        post: operations["staff_refresh_api_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/activations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 激活批次列表 */
        get: operations["cards__list_activations_api_cards_activations_get"];
        put?: never;
        /** 申请激活（充值）批次 */
        post: operations["cards__create_api_cards_activations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/activations/{activation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 激活批次详情 */
        get: operations["cards__detail_api_cards_activations__activation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/activations/{activation_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 审核激活批次（通过即充值） */
        post: operations["cards__review_api_cards_activations__activation_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 卡片列表 */
        get: operations["cards__list_cards_api_cards_cards_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 卡片详情（含操作记录） */
        get: operations["cards__detail_api_cards_cards__card_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 延期（延长有效结束时间） */
        post: operations["cards__extend_api_cards_cards__card_id__extend_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}/freeze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 冻结 */
        post: operations["cards__freeze_api_cards_cards__card_id__freeze_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 卡片流水（每一笔余额与红包变动） */
        get: operations["cards__card_ledger_api_cards_cards__card_id__ledger_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}/unfreeze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 解冻 */
        post: operations["cards__unfreeze_api_cards_cards__card_id__unfreeze_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/{card_id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 作废（库存中或已领卡） */
        post: operations["cards__void_api_cards_cards__card_id__void_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/cards/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出卡片（与列表相同的筛选） */
        get: operations["cards__export_cards_api_cards_cards_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 合同额度列表 */
        get: operations["cards__list_entitlements_api_cards_entitlements_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 领卡申请列表 */
        get: operations["cards__list_issues_api_cards_issues_get"];
        put?: never;
        /** 申请领卡 */
        post: operations["cards__create_api_cards_issues_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/issues/{issue_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 领卡申请详情 */
        get: operations["cards__detail_api_cards_issues__issue_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/issues/{issue_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 审核领卡申请（通过即领卡） */
        post: operations["cards__review_api_cards_issues__issue_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 制卡批次列表 */
        get: operations["cards__list_batches_api_cards_making_batches_get"];
        put?: never;
        /** 申请制卡 */
        post: operations["cards__create_api_cards_making_batches_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches/{batch_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 制卡批次详情 */
        get: operations["cards__detail_api_cards_making_batches__batch_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches/{batch_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出卡号与密码（供印卡，每个密码批次仅一次） */
        get: operations["cards__export_passwords_api_cards_making_batches__batch_id__export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches/{batch_id}/password-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 密码批次（制卡与重置） */
        get: operations["cards__password_sets_api_cards_making_batches__batch_id__password_sets_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches/{batch_id}/reset-passwords": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 重置一段卡号的密码（生成新的可导出密码批次） */
        post: operations["cards__reset_api_cards_making_batches__batch_id__reset_passwords_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/making-batches/{batch_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 审核制卡批次（通过即生成卡片） */
        post: operations["cards__review_api_cards_making_batches__batch_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/red-packets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 红包列表（每张卡的红包） */
        get: operations["cards__list_red_packets_api_cards_red_packets_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cards/red-packets/{card_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 一张卡的红包明细（发放、使用、退回、过期） */
        get: operations["cards__red_packet_detail_api_cards_red_packets__card_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Contracts */
        get: operations["crm__list_contracts_api_crm_contracts_get"];
        put?: never;
        /** Create Contract */
        post: operations["crm__create_contract_api_crm_contracts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read Contract */
        get: operations["crm__read_contract_api_crm_contracts__contract_id__get"];
        /** Update Contract */
        put: operations["crm__update_contract_api_crm_contracts__contract_id__put"];
        post?: never;
        /** Delete Contract */
        delete: operations["crm__delete_contract_api_crm_contracts__contract_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Attachments */
        get: operations["crm__list_attachments_api_crm_contracts__contract_id__attachments_get"];
        put?: never;
        /** Upload Attachment */
        post: operations["crm__upload_attachment_api_crm_contracts__contract_id__attachments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/attachments/{attachment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download Attachment */
        get: operations["crm__download_attachment_api_crm_contracts__contract_id__attachments__attachment_id__get"];
        put?: never;
        post?: never;
        /** Delete Attachment */
        delete: operations["crm__delete_attachment_api_crm_contracts__contract_id__attachments__attachment_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/contract-no": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change Contract No */
        post: operations["crm__change_contract_no_api_crm_contracts__contract_id__contract_no_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/payment-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Plan */
        get: operations["crm__get_plan_api_crm_contracts__contract_id__payment_plans_get"];
        /** Put Plan */
        put: operations["crm__put_plan_api_crm_contracts__contract_id__payment_plans_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Review Contract */
        post: operations["crm__review_contract_api_crm_contracts__contract_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/{contract_id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void Contract */
        post: operations["crm__void_contract_api_crm_contracts__contract_id__void_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/contracts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export Contracts */
        get: operations["crm__export_contracts_api_crm_contracts_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Customers */
        get: operations["crm__list_customers_api_crm_customers_get"];
        put?: never;
        /** Create Customer */
        post: operations["crm__create_customer_api_crm_customers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read Customer */
        get: operations["crm__read_customer_api_crm_customers__customer_id__get"];
        /** Update Customer */
        put: operations["crm__update_customer_api_crm_customers__customer_id__put"];
        post?: never;
        /** Delete Customer */
        delete: operations["crm__delete_customer_api_crm_customers__customer_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customer History */
        get: operations["crm__customer_history_api_crm_customers__customer_id__history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock Customer */
        post: operations["crm__lock_customer_api_crm_customers__customer_id__lock_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release Customer */
        post: operations["crm__release_customer_api_crm_customers__customer_id__release_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore Customer */
        post: operations["crm__restore_customer_api_crm_customers__customer_id__restore_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/{customer_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Review Customer */
        post: operations["crm__review_customer_api_crm_customers__customer_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export Customers */
        get: operations["crm__export_customers_api_crm_customers_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import Customers */
        post: operations["crm__import_customers_api_crm_customers_import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/import-template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Import Template */
        get: operations["crm__import_template_api_crm_customers_import_template_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/customers/unattended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Unattended Customers
         * @description Claimed or assigned customers without a follow-up since, for N days (seed 001: the manager's list of
         *     leads to reassign).
         */
        get: operations["crm__unattended_customers_api_crm_customers_unattended_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/follow-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Follow Ups */
        get: operations["crm__list_follow_ups_api_crm_follow_ups_get"];
        put?: never;
        /** Create Follow Up */
        post: operations["crm__create_follow_up_api_crm_follow_ups_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/follow-ups/{follow_up_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Update Follow Up */
        put: operations["crm__update_follow_up_api_crm_follow_ups__follow_up_id__put"];
        post?: never;
        /** Delete Follow Up */
        delete: operations["crm__delete_follow_up_api_crm_follow_ups__follow_up_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/follow-ups/due": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Due Follow Ups
         * @description My planned follow-ups due today or overdue: a plan is open until a later follow-up of that customer exists.
         */
        get: operations["crm__due_follow_ups_api_crm_follow_ups_due_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/owner-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Changes */
        get: operations["crm__list_changes_api_crm_owner_changes_get"];
        put?: never;
        /** Request Change */
        post: operations["crm__request_change_api_crm_owner_changes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/owner-changes/{change_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Change */
        delete: operations["crm__delete_change_api_crm_owner_changes__change_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/owner-changes/{change_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Review Change */
        post: operations["crm__review_change_api_crm_owner_changes__change_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/owner-changes/pending-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending Count */
        get: operations["crm__pending_count_api_crm_owner_changes_pending_count_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/payment-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Due Instalments
         * @description Instalments overdue or due within N days, with their derived status (回款计划提醒).
         */
        get: operations["crm__due_instalments_api_crm_payment_plans_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Payments */
        get: operations["crm__list_payments_api_crm_payments_get"];
        put?: never;
        /** Create Payment */
        post: operations["crm__create_payment_api_crm_payments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/payments/{payment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read Payment */
        get: operations["crm__read_payment_api_crm_payments__payment_id__get"];
        /** Update Payment */
        put: operations["crm__update_payment_api_crm_payments__payment_id__put"];
        post?: never;
        /** Delete Payment */
        delete: operations["crm__delete_payment_api_crm_payments__payment_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/payments/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export Payments */
        get: operations["crm__export_payments_api_crm_payments_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Pool */
        get: operations["crm__list_pool_api_crm_pool_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Rules */
        get: operations["crm__list_rules_api_crm_pool_rules_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool-rules/{scope_key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Put Rule */
        put: operations["crm__put_rule_api_crm_pool_rules__scope_key__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool/{customer_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign
         * @description A pool manager hands a pool customer to a salesperson, within that salesperson's caps (seed 001).
         */
        post: operations["crm__assign_api_crm_pool__customer_id__assign_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool/{customer_id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim */
        post: operations["crm__claim_api_crm_pool__customer_id__claim_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/crm/pool/due": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Due To Return
         * @description My (my scope's) customers that will return to the pool soon, with the reason and the moment.
         */
        get: operations["crm__due_to_return_api_crm_pool_due_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/brands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 品牌列表 */
        get: operations["health__list_brands_api_health_brands_get"];
        put?: never;
        /** 新增品牌 */
        post: operations["health__create_brand_api_health_brands_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/brands/{brand_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 品牌详情 */
        get: operations["health__get_brand_api_health_brands__brand_id__get"];
        put?: never;
        post?: never;
        /** 删除品牌 */
        delete: operations["health__delete_brand_api_health_brands__brand_id__delete"];
        options?: never;
        head?: never;
        /** 修改品牌 */
        patch: operations["health__update_brand_api_health_brands__brand_id__patch"];
        trace?: never;
    };
    "/api/health/brands/{brand_id}/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 品牌logo图片 */
        get: operations["health__get_brand_logo_api_health_brands__brand_id__logo_get"];
        put?: never;
        /** 上传品牌logo */
        post: operations["health__upload_brand_logo_api_health_brands__brand_id__logo_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/brands/{brand_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 品牌上线/下线 */
        post: operations["health__set_brand_status_api_health_brands__brand_id__status_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 套餐分类列表 */
        get: operations["health__list_categories_api_health_categories_get"];
        put?: never;
        /** 新增套餐分类 */
        post: operations["health__create_category_api_health_categories_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/categories/{category_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 套餐分类详情 */
        get: operations["health__get_category_api_health_categories__category_id__get"];
        put?: never;
        post?: never;
        /** 删除套餐分类 */
        delete: operations["health__delete_category_api_health_categories__category_id__delete"];
        options?: never;
        head?: never;
        /** 修改套餐分类 */
        patch: operations["health__update_category_api_health_categories__category_id__patch"];
        trace?: never;
    };
    "/api/health/diseases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 疾病列表 */
        get: operations["health__list_diseases_api_health_diseases_get"];
        put?: never;
        /** 新增疾病 */
        post: operations["health__create_disease_api_health_diseases_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/diseases/{disease_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 疾病详情 */
        get: operations["health__get_disease_api_health_diseases__disease_id__get"];
        put?: never;
        post?: never;
        /** 删除疾病 */
        delete: operations["health__delete_disease_api_health_diseases__disease_id__delete"];
        options?: never;
        head?: never;
        /** 修改疾病 */
        patch: operations["health__update_disease_api_health_diseases__disease_id__patch"];
        trace?: never;
    };
    "/api/health/districts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 区县选项 */
        get: operations["health__list_districts_api_health_districts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/hospital-staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 医院员工列表 */
        get: operations["health__list_staff_api_health_hospital_staff_get"];
        put?: never;
        /** 新增医院员工 */
        post: operations["health__create_staff_api_health_hospital_staff_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/hospital-staff/{staff_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 医院员工详情 */
        get: operations["health__get_staff_api_health_hospital_staff__staff_id__get"];
        put?: never;
        post?: never;
        /** 删除医院员工 */
        delete: operations["health__delete_staff_api_health_hospital_staff__staff_id__delete"];
        options?: never;
        head?: never;
        /** 修改医院员工 */
        patch: operations["health__update_staff_api_health_hospital_staff__staff_id__patch"];
        trace?: never;
    };
    "/api/health/hospitals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 医院列表 */
        get: operations["health__list_hospitals_api_health_hospitals_get"];
        put?: never;
        /** 新增医院 */
        post: operations["health__create_hospital_api_health_hospitals_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/hospitals/{hospital_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 医院详情 */
        get: operations["health__get_hospital_api_health_hospitals__hospital_id__get"];
        put?: never;
        post?: never;
        /** 删除医院 */
        delete: operations["health__delete_hospital_api_health_hospitals__hospital_id__delete"];
        options?: never;
        head?: never;
        /** 修改医院 */
        patch: operations["health__update_hospital_api_health_hospitals__hospital_id__patch"];
        trace?: never;
    };
    "/api/health/hospitals/{hospital_id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 排班日历（按月） */
        get: operations["health__get_schedule_api_health_hospitals__hospital_id__schedule_get"];
        /** 批量设置排班（可预约人数、休息日） */
        put: operations["health__put_schedule_api_health_hospitals__hospital_id__schedule_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 单项列表 */
        get: operations["health__list_items_api_health_items_get"];
        put?: never;
        /** 新增单项 */
        post: operations["health__create_item_api_health_items_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/items/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 单项详情 */
        get: operations["health__get_item_api_health_items__item_id__get"];
        put?: never;
        post?: never;
        /** 删除单项 */
        delete: operations["health__delete_item_api_health_items__item_id__delete"];
        options?: never;
        head?: never;
        /** 修改单项 */
        patch: operations["health__update_item_api_health_items__item_id__patch"];
        trace?: never;
    };
    "/api/health/items/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出单项 */
        get: operations["health__export_items_api_health_items_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/items/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 导入单项（.xlsx/.csv，有错则整批不写入） */
        post: operations["health__import_items_api_health_items_import_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 体检订单列表 */
        get: operations["health__list_orders_api_health_orders_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 体检订单详情 */
        get: operations["health__get_order_api_health_orders__order_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 后台取消订单并退款（任意日期） */
        post: operations["health__admin_cancel_api_health_orders__order_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/orders/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出体检订单 */
        get: operations["health__export_orders_api_health_orders_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 套餐列表 */
        get: operations["health__list_packages_api_health_packages_get"];
        put?: never;
        /** 新增套餐 */
        post: operations["health__create_package_api_health_packages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health/packages/{package_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 套餐详情（含套餐单项） */
        get: operations["health__get_package_api_health_packages__package_id__get"];
        put?: never;
        post?: never;
        /** 删除套餐 */
        delete: operations["health__delete_package_api_health_packages__package_id__delete"];
        options?: never;
        head?: never;
        /** 修改套餐（含套餐单项、门店、分类） */
        patch: operations["health__update_package_api_health_packages__package_id__patch"];
        trace?: never;
    };
    "/api/reports/card-consumption": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 卡片消费报表 */
        get: operations["reports__get_card_consumption_api_reports_card_consumption_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/card-consumption/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出卡片消费报表 */
        get: operations["reports__export_card_consumption_api_reports_card_consumption_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/goods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 商品报表 */
        get: operations["reports__get_goods_api_reports_goods_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/goods-brands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 商品品牌报表 */
        get: operations["reports__get_goods_brands_api_reports_goods_brands_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/goods-brands/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出商品品牌报表 */
        get: operations["reports__export_goods_brands_api_reports_goods_brands_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/goods/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出商品报表 */
        get: operations["reports__export_goods_api_reports_goods_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/hospital-settlement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 医院结算报表 */
        get: operations["reports__get_hospital_settlement_api_reports_hospital_settlement_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/hospital-settlement/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出医院结算报表 */
        get: operations["reports__export_hospital_settlement_api_reports_hospital_settlement_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 销售报表 */
        get: operations["reports__get_sales_api_reports_sales_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/sales/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出销售报表 */
        get: operations["reports__export_sales_api_reports_sales_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 接口密钥列表（只显示前缀） */
        get: operations["list_keys_api_system_api_keys_get"];
        put?: never;
        /** 新建接口密钥（明文密钥仅此一次返回） */
        post: operations["create_key_api_system_api_keys_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/api-keys/{key_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 吊销接口密钥（立即失效） */
        post: operations["revoke_key_api_system_api_keys__key_id__revoke_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 部门列表 */
        get: operations["list_departments_api_system_departments_get"];
        put?: never;
        /** 新增部门 */
        post: operations["create_department_api_system_departments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/departments/{dept_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 部门详情 */
        get: operations["get_department_api_system_departments__dept_id__get"];
        /** 修改部门（改名会同步到各服务的员工目录） */
        put: operations["update_department_api_system_departments__dept_id__put"];
        post?: never;
        /** 删除部门 */
        delete: operations["delete_department_api_system_departments__dept_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/departments/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 部门树 */
        get: operations["department_tree_api_system_departments_tree_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/login-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 登录日志 */
        get: operations["list_login_logs_api_system_login_logs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 用户（会员）列表 */
        get: operations["list_members_api_system_members_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/members/{member_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 停用会员（即时注销其登录） */
        post: operations["disable_member_api_system_members__member_id__disable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/members/{member_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 启用会员 */
        post: operations["enable_member_api_system_members__member_id__enable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/operation-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 操作日志 */
        get: operations["list_operation_logs_api_system_operation_logs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/operation-logs/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 导出操作日志 (.xlsx) */
        get: operations["export_operation_logs_api_system_operation_logs_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 权限树（菜单与按钮） */
        get: operations["list_permissions_api_system_permissions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 角色列表 */
        get: operations["list_roles_api_system_roles_get"];
        put?: never;
        /** 新增角色 */
        post: operations["create_role_api_system_roles_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/roles/{role_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 角色详情 */
        get: operations["get_role_api_system_roles__role_id__get"];
        /** 修改角色（权限与数据范围即时生效） */
        put: operations["update_role_api_system_roles__role_id__put"];
        post?: never;
        /** 删除角色 */
        delete: operations["delete_role_api_system_roles__role_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 员工列表 */
        get: operations["list_staff_api_system_users_get"];
        put?: never;
        /** 新增员工 */
        post: operations["create_staff_api_system_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/users/{staff_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 员工详情 */
        get: operations["get_staff_api_system_users__staff_id__get"];
        /** 修改员工（停用即时注销其登录） */
        put: operations["update_staff_api_system_users__staff_id__put"];
        post?: never;
        /** 删除员工 */
        delete: operations["delete_staff_api_system_users__staff_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/users/{staff_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 停用员工（即时注销其登录） */
        post: operations["disable_staff_api_system_users__staff_id__disable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/users/{staff_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 启用员工 */
        post: operations["enable_staff_api_system_users__staff_id__enable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/users/{staff_id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 重置密码（其现有登录随即失效） */
        post: operations["reset_password_api_system_users__staff_id__reset_password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 会员登录 */
        post: operations["member_login_app_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 会员退出登录 */
        post: operations["member_logout_app_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 当前会员 */
        get: operations["member_me_app_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 刷新会员登录凭证 */
        post: operations["member_refresh_app_auth_refresh_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 会员注册（注册即登录） */
        post: operations["register_app_auth_register_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/cards/{card_id}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 我的卡片流水 */
        get: operations["cards__ledger_app_cards__card_id__ledger_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/cards/bind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 绑定卡片（卡号 + 密码），未激活的卡随即激活 */
        post: operations["cards__bind_app_cards_bind_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/cards/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 我的卡片（余额与有效期） */
        get: operations["cards__mine_app_cards_mine_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/hospitals/{hospital_id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 门店某月每天的剩余名额 */
        get: operations["health__member_schedule_app_health_hospitals__hospital_id__schedule_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 我的体检订单 */
        get: operations["health__my_orders_app_health_orders_get"];
        put?: never;
        /** 预约体检（卡内余额支付） */
        post: operations["health__book_order_app_health_orders_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 我的体检订单详情 */
        get: operations["health__my_order_app_health_orders__order_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 取消预约（预约日前一天及之前），退回卡内 */
        post: operations["health__my_cancel_app_health_orders__order_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 可预约的体检套餐 */
        get: operations["health__member_packages_app_health_packages_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/app/health/packages/{package_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 套餐详情（门店与项目） */
        get: operations["health__member_package_app_health_packages__package_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partner/health/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 本院某天的预约（默认今天） */
        get: operations["health__partner_orders_partner_health_orders_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partner/health/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 本院预约详情 */
        get: operations["health__partner_order_partner_health_orders__order_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partner/health/orders/{order_id}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 到检登记 */
        post: operations["health__partner_check_in_partner_health_orders__order_id__check_in_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partner/health/orders/{order_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 体检完成（结算） */
        post: operations["health__partner_complete_partner_health_orders__order_id__complete_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** ApiKeyIn */
        ApiKeyIn: {
            /**
             * Name
             * @description 用途说明，如 某医院对接
             */
            name: string;
            /**
             * Partner Id
             * @description 医院 id 或陪诊师 id
             */
            partner_id: number;
            /**
             * Partner Type
             * @enum {string}
             */
            partner_type: "hospital" | "escort";
            /**
             * Rate Limit
             * @description 每个时间窗口的请求上限，空为默认
             */
            rate_limit?: number | null;
        };
        /** ActivationIn */
        cards__ActivationIn: {
            /**
             * Auto Activate Days
             * @description 自动激活天数：审核通过后多少天未激活则自动激活
             */
            auto_activate_days: number;
            /**
             * Contract Id
             * @description 合同 id（须已审核通过）
             */
            contract_id: number;
            /**
             * Face Value
             * @description 每张卡面金额；不填取合同的每卡金额
             */
            face_value?: string | null;
            /**
             * Latest Activation At
             * Format: date-time
             * @description 最迟激活时间（带时区）
             */
            latest_activation_at: string;
            /**
             * Ranges
             * @description 卡片范围（须为该合同已领、未充值的卡）
             */
            ranges: components["schemas"]["cards__RangeIn"][];
            /**
             * Red Packet
             * @description 每张卡红包金额；不填取合同的每卡红包
             */
            red_packet?: string | null;
            /**
             * Red Packet Days
             * @description 红包有效天数：激活后多少天内可用
             */
            red_packet_days: number;
            /**
             * Remark
             * @default
             */
            remark: string;
            /**
             * Valid Days
             * @description 卡片有效天数：激活后多少天内有效
             */
            valid_days: number;
        };
        /**
         * BatchStatus
         * @enum {string}
         */
        cards__BatchStatus: "pending" | "making" | "done" | "rejected";
        /** BindIn */
        cards__BindIn: {
            /** Card No */
            card_no: string;
            /** Password */
            password: string;
        };
        /**
         * CardStatus
         * @enum {string}
         */
        cards__CardStatus: "in_stock" | "issued" | "activated" | "expired" | "voided";
        /** CreditIn */
        cards__CreditIn: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /**
             * Context
             * @enum {string}
             */
            context: "health" | "mall" | "escort";
            /** Order Ref */
            order_ref: string;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** DebitIn */
        cards__DebitIn: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /** Card Id */
            card_id?: number | null;
            /** Card No */
            card_no?: string | null;
            /**
             * Context
             * @enum {string}
             */
            context: "health" | "mall" | "escort";
            /** Member Id */
            member_id?: number | null;
            /**
             * Memo
             * @default
             */
            memo: string;
            /** Order Ref */
            order_ref: string;
            /**
             * Use Red Packet
             * @default true
             */
            use_red_packet: boolean;
        };
        /** ExtendIn */
        cards__ExtendIn: {
            /**
             * Days
             * @description 延长天数
             */
            days?: number | null;
            /**
             * Effective Until
             * @description 或：新的有效结束时间
             */
            effective_until?: string | null;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** HTTPValidationError */
        cards__HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["cards__ValidationError"][];
        };
        /** IssueIn */
        cards__IssueIn: {
            /**
             * Card Type
             * @description 卡片类型
             * @enum {string}
             */
            card_type: "实体卡" | "电子卡";
            /**
             * Contract Id
             * @description 合同 id（须已审核通过）
             */
            contract_id: number;
            /**
             * Ranges
             * @description 卡片范围
             */
            ranges: components["schemas"]["cards__RangeIn"][];
            /**
             * Recycled Card Nos
             * @description 回收卡列表：范围内留在库存、不领出的卡号
             */
            recycled_card_nos?: string[];
            /**
             * Remark
             * @description 申请备注
             * @default
             */
            remark: string;
        };
        /** MakingBatchIn */
        cards__MakingBatchIn: {
            /**
             * Card Type
             * @description 卡片类型
             * @enum {string}
             */
            card_type: "实体卡" | "电子卡";
            /**
             * City
             * @description 所属城市
             */
            city: string;
            /**
             * Quantity
             * @description 制卡数量
             */
            quantity: number;
            /**
             * Remark
             * @default
             */
            remark: string;
        };
        /** PasswordResetIn */
        cards__PasswordResetIn: {
            /** Card No From */
            card_no_from: string;
            /** Card No To */
            card_no_to: string;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** RangeIn */
        cards__RangeIn: {
            /**
             * End
             * @description 结束卡号（含）
             */
            end: string;
            /**
             * Start
             * @description 起始卡号（含）
             */
            start: string;
        };
        /** ReasonIn */
        cards__ReasonIn: {
            /**
             * Reason
             * @description 原因（记入操作记录）
             * @default
             */
            reason: string;
        };
        /**
         * RedPacketState
         * @enum {string}
         */
        cards__RedPacketState: "waiting" | "available" | "used_up" | "expired";
        /**
         * RequestStatus
         * @description States of a 领卡 or 激活 request.
         * @enum {string}
         */
        cards__RequestStatus: "pending" | "approved" | "rejected";
        /** ReviewIn */
        cards__ReviewIn: {
            /** Approved */
            approved: boolean;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /**
         * UseStatus
         * @enum {string}
         */
        cards__UseStatus: "uncharged" | "charged" | "frozen";
        /** ValidationError */
        cards__ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** AssignIn */
        crm__AssignIn: {
            /**
             * Note
             * @default
             */
            note: string;
            /** Staff Id */
            staff_id: number;
        };
        /** Body_import_customers_api_crm_customers_import_post */
        crm__Body_import_customers_api_crm_customers_import_post: {
            /** File */
            file: string;
        };
        /** Body_upload_attachment_api_crm_contracts__contract_id__attachments_post */
        crm__Body_upload_attachment_api_crm_contracts__contract_id__attachments_post: {
            /** File */
            file: string;
        };
        /** ContactIn */
        crm__ContactIn: {
            /** Birthday */
            birthday?: string | null;
            /**
             * Decision Maker
             * @default false
             */
            decision_maker: boolean;
            /**
             * Email
             * @default
             */
            email: string;
            /** Name */
            name: string;
            /**
             * Phone
             * @default
             */
            phone: string;
            /**
             * Title
             * @default
             */
            title: string;
        };
        /** ContractCreate */
        crm__ContractCreate: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /**
             * Card Type
             * @default
             */
            card_type: string;
            /** Contract No */
            contract_no: string;
            /**
             * Contract Type
             * @default 体检卡
             * @enum {string}
             */
            contract_type: "体检卡" | "体检服务" | "其他";
            /** Customer Id */
            customer_id: number;
            /** End Date */
            end_date?: string | null;
            /** Face Value Per Card */
            face_value_per_card?: string | null;
            /** Name */
            name: string;
            /**
             * Note
             * @default
             */
            note: string;
            /** Parent Id */
            parent_id?: number | null;
            /**
             * Red Packet Amount
             * @default 0
             * @example 1200.00
             */
            red_packet_amount: string;
            /** Red Packet Per Card */
            red_packet_per_card?: string | null;
            /** Signed At */
            signed_at?: string | null;
            /** Start Date */
            start_date?: string | null;
            /**
             * Total Cards
             * @default 0
             */
            total_cards: number;
        };
        /** ContractNoIn */
        crm__ContractNoIn: {
            /** Contract No */
            contract_no: string;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** ContractUpdate */
        crm__ContractUpdate: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /**
             * Card Type
             * @default
             */
            card_type: string;
            /**
             * Contract Type
             * @default 体检卡
             * @enum {string}
             */
            contract_type: "体检卡" | "体检服务" | "其他";
            /** End Date */
            end_date?: string | null;
            /** Face Value Per Card */
            face_value_per_card?: string | null;
            /** Name */
            name: string;
            /**
             * Note
             * @default
             */
            note: string;
            /**
             * Red Packet Amount
             * @default 0
             * @example 1200.00
             */
            red_packet_amount: string;
            /** Red Packet Per Card */
            red_packet_per_card?: string | null;
            /** Signed At */
            signed_at?: string | null;
            /** Start Date */
            start_date?: string | null;
            /**
             * Total Cards
             * @default 0
             */
            total_cards: number;
            /** Version */
            version?: number | null;
        };
        /** CustomerCreate */
        crm__CustomerCreate: {
            /**
             * Address
             * @default
             */
            address: string;
            /** Admin Level */
            admin_level?: ("省级" | "市级" | "县级" | "乡镇街道") | null;
            /**
             * Business Scope
             * @default
             */
            business_scope: string;
            /** Contacts */
            contacts?: components["schemas"]["crm__ContactIn"][];
            /** Credit Code */
            credit_code?: string | null;
            /**
             * Credit Note
             * @default
             */
            credit_note: string;
            /** Headcount */
            headcount?: number | null;
            /** Industry */
            industry?: ("银行" | "政府机构" | "事业单位" | "国有企业" | "私营企业" | "学校" | "医院" | "其他") | null;
            /** Industry Attr */
            industry_attr?: ("机关单位" | "央企国企" | "事业单位" | "私营企业" | "其他") | null;
            /**
             * Legal Rep
             * @default
             */
            legal_rep: string;
            /** Level */
            level?: ("A" | "B" | "C" | "D") | null;
            /** Name */
            name: string;
            /**
             * Note
             * @default
             */
            note: string;
            /** Owner Id */
            owner_id?: number | null;
            /**
             * Parent Unit
             * @default
             */
            parent_unit: string;
            /**
             * Phone
             * @default
             */
            phone: string;
            /** Source */
            source?: ("朋友介绍" | "互联网" | "营销活动" | "陌拜" | "老客户转介绍" | "其他") | null;
            /**
             * To Pool
             * @default false
             */
            to_pool: boolean;
        };
        /**
         * CustomerUpdate
         * @description Only the fields sent are changed; `version` (or If-Match) is the version that was read.
         */
        crm__CustomerUpdate: {
            /**
             * Address
             * @default
             */
            address: string;
            /** Admin Level */
            admin_level?: ("省级" | "市级" | "县级" | "乡镇街道") | null;
            /**
             * Business Scope
             * @default
             */
            business_scope: string;
            /** Contacts */
            contacts?: components["schemas"]["crm__ContactIn"][];
            /** Credit Code */
            credit_code?: string | null;
            /**
             * Credit Note
             * @default
             */
            credit_note: string;
            /** Headcount */
            headcount?: number | null;
            /** Industry */
            industry?: ("银行" | "政府机构" | "事业单位" | "国有企业" | "私营企业" | "学校" | "医院" | "其他") | null;
            /** Industry Attr */
            industry_attr?: ("机关单位" | "央企国企" | "事业单位" | "私营企业" | "其他") | null;
            /**
             * Legal Rep
             * @default
             */
            legal_rep: string;
            /** Level */
            level?: ("A" | "B" | "C" | "D") | null;
            /** Name */
            name?: string | null;
            /**
             * Note
             * @default
             */
            note: string;
            /**
             * Parent Unit
             * @default
             */
            parent_unit: string;
            /**
             * Phone
             * @default
             */
            phone: string;
            /** Source */
            source?: ("朋友介绍" | "互联网" | "营销活动" | "陌拜" | "老客户转介绍" | "其他") | null;
            /** Version */
            version?: number | null;
        };
        /** FollowUpCreate */
        crm__FollowUpCreate: {
            /** Customer Id */
            customer_id: number;
            /**
             * Followed At
             * Format: date-time
             */
            followed_at: string;
            /**
             * Method
             * @enum {string}
             */
            method: "电话" | "上门拜访" | "微信" | "邮件" | "其他";
            /** Next At */
            next_at?: string | null;
            /**
             * Next Plan
             * @default
             */
            next_plan: string;
            /**
             * Note
             * @default
             */
            note: string;
        };
        /** FollowUpUpdate */
        crm__FollowUpUpdate: {
            /**
             * Followed At
             * Format: date-time
             */
            followed_at: string;
            /**
             * Method
             * @enum {string}
             */
            method: "电话" | "上门拜访" | "微信" | "邮件" | "其他";
            /** Next At */
            next_at?: string | null;
            /**
             * Next Plan
             * @default
             */
            next_plan: string;
            /**
             * Note
             * @default
             */
            note: string;
            /** Version */
            version?: number | null;
        };
        /** HTTPValidationError */
        crm__HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["crm__ValidationError"][];
        };
        /** LockIn */
        crm__LockIn: {
            /** Locked */
            locked: boolean;
        };
        /**
         * OwnerChangeCreate
         * @description Either one customer (`customer_id`) or every customer of a departing salesperson (`from_owner_id`);
         *     `to_owner_id` null moves them to the public pool.
         */
        crm__OwnerChangeCreate: {
            /** Customer Id */
            customer_id?: number | null;
            /** From Owner Id */
            from_owner_id?: number | null;
            /**
             * Note
             * @default
             */
            note: string;
            /** To Owner Id */
            to_owner_id?: number | null;
        };
        /** PaymentCreate */
        crm__PaymentCreate: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /** Contract Id */
            contract_id: number;
            /**
             * Method
             * @enum {string}
             */
            method: "银行转账" | "现金" | "支付宝" | "其他";
            /**
             * Note
             * @default
             */
            note: string;
            /**
             * Received At
             * Format: date-time
             */
            received_at: string;
        };
        /** PaymentUpdate */
        crm__PaymentUpdate: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /**
             * Method
             * @enum {string}
             */
            method: "银行转账" | "现金" | "支付宝" | "其他";
            /**
             * Note
             * @default
             */
            note: string;
            /**
             * Received At
             * Format: date-time
             */
            received_at: string;
            /** Version */
            version?: number | null;
        };
        /** PlanIn */
        crm__PlanIn: {
            /** Items */
            items: components["schemas"]["crm__PlanItem"][];
        };
        /** PlanItem */
        crm__PlanItem: {
            /**
             * Amount
             * @example 1200.00
             */
            amount: string;
            /**
             * Due Date
             * Format: date
             */
            due_date: string;
            /**
             * Note
             * @default
             */
            note: string;
        };
        /** ReleaseIn */
        crm__ReleaseIn: {
            /**
             * Note
             * @default
             */
            note: string;
            /**
             * Reason
             * @enum {string}
             */
            reason: "人员变动" | "竞争对手" | "需求变化" | "服务问题" | "失去联系" | "其他";
        };
        /** ReviewIn */
        crm__ReviewIn: {
            /** Approved */
            approved: boolean;
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /**
         * RuleIn
         * @description One pool rule; a null number switches that part of the rule off.
         */
        crm__RuleIn: {
            /**
             * Cap Counts Dealt
             * @default false
             */
            cap_counts_dealt: boolean;
            /** Cooldown Days */
            cooldown_days?: number | null;
            /** Daily Claim Limit */
            daily_claim_limit?: number | null;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * Exempt Dealt
             * @default true
             */
            exempt_dealt: boolean;
            /** Hold Cap */
            hold_cap?: number | null;
            /** No Deal Days */
            no_deal_days?: number | null;
            /** No Follow Up Days */
            no_follow_up_days?: number | null;
            /** Remind Days */
            remind_days?: number | null;
            /** Version */
            version?: number | null;
        };
        /** ValidationError */
        crm__ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** VoidIn */
        crm__VoidIn: {
            /** Reason */
            reason: string;
        };
        /** DepartmentIn */
        DepartmentIn: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /**
             * Leader
             * @default
             */
            leader: string;
            /** Name */
            name: string;
            /** Parent Id */
            parent_id?: number | null;
            /**
             * Phone
             * @default
             */
            phone: string;
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** DepartmentOut */
        DepartmentOut: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By Id */
            created_by_id: number | null;
            /** Created By Name */
            created_by_name: string;
            /** Id */
            id: number;
            /** Leader */
            leader: string;
            /** Name */
            name: string;
            /** Parent Id */
            parent_id: number | null;
            /**
             * Parent Name
             * @default
             */
            parent_name: string;
            /** Phone */
            phone: string;
            /** Sort */
            sort: number;
            /**
             * Staff Count
             * @default 0
             */
            staff_count: number;
            /** Status */
            status: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /** DepartmentUpdate */
        DepartmentUpdate: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /**
             * Leader
             * @default
             */
            leader: string;
            /** Name */
            name: string;
            /** Parent Id */
            parent_id?: number | null;
            /**
             * Phone
             * @default
             */
            phone: string;
            /**
             * Sort
             * @default 0
             */
            sort: number;
            /** Version */
            version?: number | null;
        };
        /** Body_import_items_api_health_items_import_post */
        health__Body_import_items_api_health_items_import_post: {
            /** File */
            file: string;
        };
        /** Body_upload_brand_logo_api_health_brands__brand_id__logo_post */
        health__Body_upload_brand_logo_api_health_brands__brand_id__logo_post: {
            /** File */
            file: string;
        };
        /** BookIn */
        health__BookIn: {
            /** Card Id */
            card_id?: number | null;
            /** Card No */
            card_no?: string | null;
            /**
             * Day
             * Format: date
             */
            day: string;
            /** Examinee Name */
            examinee_name: string;
            /** Examinee Phone */
            examinee_phone: string;
            /**
             * Gender
             * @enum {string}
             */
            gender: "male" | "female";
            /** Hospital Id */
            hospital_id: number;
            /** Package Id */
            package_id: number;
            /**
             * Use Red Packet
             * @default true
             */
            use_red_packet: boolean;
        };
        /** BrandIn */
        health__BrandIn: {
            /**
             * Brand Type
             * @enum {string}
             */
            brand_type: "公立三甲" | "公立医院" | "专业机构" | "二级甲等" | "民营医院";
            /**
             * Logo Url
             * @default
             */
            logo_url: string;
            /** Name */
            name: string;
            /**
             * Prepayment
             * @default 0
             * @example 1200.00
             */
            prepayment: string;
            /**
             * Sort
             * @default 0
             */
            sort: number;
            /**
             * Status
             * @default online
             * @enum {string}
             */
            status: "online" | "offline";
        };
        /** BrandPatch */
        health__BrandPatch: {
            /** Brand Type */
            brand_type?: ("公立三甲" | "公立医院" | "专业机构" | "二级甲等" | "民营医院") | null;
            /** Logo Url */
            logo_url?: string | null;
            /** Name */
            name?: string | null;
            /** Prepayment */
            prepayment?: string | null;
            /** Sort */
            sort?: number | null;
            /** Status */
            status?: ("online" | "offline") | null;
            /** Version */
            version?: number | null;
        };
        /**
         * BrandStatusIn
         * @description 上线/下线 from the list's operation column.
         */
        health__BrandStatusIn: {
            /**
             * Status
             * @enum {string}
             */
            status: "online" | "offline";
            /** Version */
            version?: number | null;
        };
        /** CancelIn */
        health__CancelIn: {
            /**
             * Reason
             * @default
             */
            reason: string;
        };
        /** CategoryIn */
        health__CategoryIn: {
            /** Name */
            name: string;
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** CategoryPatch */
        health__CategoryPatch: {
            /** Name */
            name?: string | null;
            /** Sort */
            sort?: number | null;
            /** Version */
            version?: number | null;
        };
        /** DiseaseIn */
        health__DiseaseIn: {
            /**
             * Description
             * @default
             */
            description: string;
            /** Name */
            name: string;
            /** Parent Id */
            parent_id?: number | null;
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** DiseasePatch */
        health__DiseasePatch: {
            /** Description */
            description?: string | null;
            /** Name */
            name?: string | null;
            /** Parent Id */
            parent_id?: number | null;
            /** Sort */
            sort?: number | null;
            /** Version */
            version?: number | null;
        };
        /** HospitalIn */
        health__HospitalIn: {
            /**
             * Address
             * @default
             */
            address: string;
            /** Brand Id */
            brand_id: number;
            /**
             * Business Hours
             * @default
             */
            business_hours: string;
            /**
             * Channel
             * @default both
             * @enum {string}
             */
            channel: "online" | "offline" | "both";
            /**
             * City
             * @default 南昌市
             */
            city: string;
            /** District Id */
            district_id?: number | null;
            /** Name */
            name: string;
            /**
             * Phone
             * @default
             */
            phone: string;
            /**
             * Province
             * @default 江西省
             */
            province: string;
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status: "active" | "disabled";
        };
        /** HospitalPatch */
        health__HospitalPatch: {
            /** Address */
            address?: string | null;
            /** Brand Id */
            brand_id?: number | null;
            /** Business Hours */
            business_hours?: string | null;
            /** Channel */
            channel?: ("online" | "offline" | "both") | null;
            /** City */
            city?: string | null;
            /** District Id */
            district_id?: number | null;
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
            /** Province */
            province?: string | null;
            /** Status */
            status?: ("active" | "disabled") | null;
            /** Version */
            version?: number | null;
        };
        /** HTTPValidationError */
        health__HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["health__ValidationError"][];
        };
        /** ItemIn */
        health__ItemIn: {
            /** Brand Id */
            brand_id: number;
            /** Disease Ids */
            disease_ids?: number[];
            /**
             * Market Price
             * @example 1200.00
             */
            market_price: string;
            /**
             * Meaning
             * @default
             */
            meaning: string;
            /** Name */
            name: string;
            /**
             * Sale Price
             * @example 1200.00
             */
            sale_price: string;
            /**
             * Settlement Price
             * @example 1200.00
             */
            settlement_price: string;
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** ItemPatch */
        health__ItemPatch: {
            /** Brand Id */
            brand_id?: number | null;
            /** Disease Ids */
            disease_ids?: number[] | null;
            /** Market Price */
            market_price?: string | null;
            /** Meaning */
            meaning?: string | null;
            /** Name */
            name?: string | null;
            /** Sale Price */
            sale_price?: string | null;
            /** Settlement Price */
            settlement_price?: string | null;
            /** Sort */
            sort?: number | null;
            /** Version */
            version?: number | null;
        };
        /** PackageIn */
        health__PackageIn: {
            /** Brand Id */
            brand_id: number;
            /** Category Ids */
            category_ids?: number[];
            /**
             * Description
             * @default
             */
            description: string;
            /** Hospital Ids */
            hospital_ids?: number[];
            /** Items */
            items?: components["schemas"]["health__PackageItemIn"][];
            /** Name */
            name: string;
            /**
             * Notice
             * @default
             */
            notice: string;
            /** Price */
            price?: string | null;
            /**
             * Recommended
             * @default false
             */
            recommended: boolean;
            /** Settlement Price */
            settlement_price?: string | null;
            /**
             * Sort
             * @default 0
             */
            sort: number;
            /**
             * Status
             * @default online
             * @enum {string}
             */
            status: "online" | "offline";
        };
        /** PackageItemIn */
        health__PackageItemIn: {
            /**
             * Gender
             * @default both
             * @enum {string}
             */
            gender: "both" | "male" | "female";
            /** Item Id */
            item_id: number;
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** PackagePatch */
        health__PackagePatch: {
            /** Brand Id */
            brand_id?: number | null;
            /** Category Ids */
            category_ids?: number[] | null;
            /** Description */
            description?: string | null;
            /** Hospital Ids */
            hospital_ids?: number[] | null;
            /** Items */
            items?: components["schemas"]["health__PackageItemIn"][] | null;
            /** Name */
            name?: string | null;
            /** Notice */
            notice?: string | null;
            /** Price */
            price?: string | null;
            /** Recommended */
            recommended?: boolean | null;
            /** Settlement Price */
            settlement_price?: string | null;
            /** Sort */
            sort?: number | null;
            /** Status */
            status?: ("online" | "offline") | null;
            /** Version */
            version?: number | null;
        };
        /** ScheduleDay */
        health__ScheduleDay: {
            /** Capacity */
            capacity: number;
            /**
             * Closed
             * @default false
             */
            closed: boolean;
            /**
             * Day
             * Format: date
             */
            day: string;
        };
        /**
         * ScheduleSet
         * @description Bulk set: explicit `days`, or a range `day_from`..`day_to` on some weekdays (1 = Monday) with one capacity.
         */
        health__ScheduleSet: {
            /** Capacity */
            capacity?: number | null;
            /**
             * Closed
             * @default false
             */
            closed: boolean;
            /** Day From */
            day_from?: string | null;
            /** Day To */
            day_to?: string | null;
            /** Days */
            days?: components["schemas"]["health__ScheduleDay"][];
            /** Weekdays */
            weekdays?: number[];
        };
        /** StaffIn */
        health__StaffIn: {
            /**
             * Email
             * @default
             */
            email: string;
            /** Hospital Id */
            hospital_id: number;
            /** Name */
            name: string;
            /** Phone */
            phone: string;
            /**
             * Position
             * @default
             */
            position: string;
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status: "active" | "disabled";
        };
        /** StaffPatch */
        health__StaffPatch: {
            /** Email */
            email?: string | null;
            /** Hospital Id */
            hospital_id?: number | null;
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
            /** Position */
            position?: string | null;
            /** Status */
            status?: ("active" | "disabled") | null;
            /** Version */
            version?: number | null;
        };
        /** ValidationError */
        health__ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** LoginIn */
        LoginIn: {
            /** Password */
            password: string;
            /** Username */
            username: string;
        };
        /** MemberLoginIn */
        MemberLoginIn: {
            /** Password */
            password: string;
            /** Phone */
            phone: string;
        };
        /** MenuNode */
        MenuNode: {
            /** Children */
            children?: components["schemas"]["MenuNode"][];
            /** Code */
            code: string;
            /** Kind */
            kind: string;
            /** Name */
            name: string;
            /**
             * Path
             * @default
             */
            path: string;
        };
        /** MeOut */
        MeOut: {
            /** Menu */
            menu: components["schemas"]["MenuNode"][];
            /** Permissions */
            permissions: string[];
            /** User */
            user: {
                [key: string]: unknown;
            };
        };
        /** PasswordChange */
        PasswordChange: {
            /** New Password */
            new_password: string;
            /** Old Password */
            old_password: string;
        };
        /** PasswordReset */
        PasswordReset: {
            /** Password */
            password: string;
        };
        /** RefreshIn */
        RefreshIn: {
            /** Refresh Token */
            refresh_token: string;
        };
        /** RegisterIn */
        RegisterIn: {
            /** Name */
            name: string;
            /** Password */
            password: string;
            /**
             * Phone
             * @description 11 位手机号
             */
            phone: string;
        };
        /**
         * CardGrouping
         * @enum {string}
         */
        reports__CardGrouping: "activation" | "contract" | "customer";
        /**
         * Granularity
         * @enum {string}
         */
        reports__Granularity: "day" | "month" | "all";
        /** HTTPValidationError */
        reports__HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["reports__ValidationError"][];
        };
        /** ValidationError */
        reports__ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /** RoleIn */
        RoleIn: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /**
             * Code
             * @description 英文标识，如 sales_manager
             */
            code: string;
            /**
             * Dept Ids
             * @description 自定义部门（scope=custom）
             */
            dept_ids?: number[];
            /** Name */
            name: string;
            /**
             * Permissions
             * @description 权限码
             */
            permissions?: string[];
            /**
             * Remark
             * @default
             */
            remark: string;
            /**
             * @description 数据范围: all 全部数据 / custom 自定义部门 / dept 本部门 / dept_tree 本部门及以下 / self 仅本人
             * @default self
             */
            scope: components["schemas"]["Scope"];
            /**
             * Sort
             * @default 0
             */
            sort: number;
        };
        /** RoleOut */
        RoleOut: {
            /** Active */
            active: boolean;
            /** Code */
            code: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Created By Id */
            created_by_id: number | null;
            /** Created By Name */
            created_by_name: string;
            /** Dept Ids */
            dept_ids: number[];
            /** Id */
            id: number;
            /** Name */
            name: string;
            /** Permissions */
            permissions: string[];
            /** Remark */
            remark: string;
            scope: components["schemas"]["Scope"];
            /** Scope Label */
            scope_label: string;
            /** Sort */
            sort: number;
            /**
             * Staff Count
             * @default 0
             */
            staff_count: number;
            /** Status */
            status: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /** RoleUpdate */
        RoleUpdate: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /**
             * Code
             * @description 英文标识，如 sales_manager
             */
            code: string;
            /**
             * Dept Ids
             * @description 自定义部门（scope=custom）
             */
            dept_ids?: number[];
            /** Name */
            name: string;
            /**
             * Permissions
             * @description 权限码
             */
            permissions?: string[];
            /**
             * Remark
             * @default
             */
            remark: string;
            /**
             * @description 数据范围: all 全部数据 / custom 自定义部门 / dept 本部门 / dept_tree 本部门及以下 / self 仅本人
             * @default self
             */
            scope: components["schemas"]["Scope"];
            /**
             * Sort
             * @default 0
             */
            sort: number;
            /** Version */
            version?: number | null;
        };
        /**
         * Scope
         * @description RuoYi's five data scopes.
         * @enum {string}
         */
        Scope: "all" | "custom" | "dept" | "dept_tree" | "self";
        /** StaffCreate */
        StaffCreate: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /** Dept Id */
            dept_id?: number | null;
            /**
             * Email
             * @default
             */
            email: string;
            /** Name */
            name: string;
            /** Password */
            password: string;
            /**
             * Phone
             * @description 11 位手机号，可空
             * @default
             */
            phone: string;
            /**
             * Position
             * @description 职位
             * @default
             */
            position: string;
            /**
             * Remark
             * @default
             */
            remark: string;
            /** Role Ids */
            role_ids?: number[];
            /**
             * Username
             * @description 登录名，3-64 位字母数字
             */
            username: string;
        };
        /** StaffUpdate */
        StaffUpdate: {
            /**
             * Active
             * @default true
             */
            active: boolean;
            /** Dept Id */
            dept_id?: number | null;
            /**
             * Email
             * @default
             */
            email: string;
            /** Name */
            name: string;
            /**
             * Phone
             * @description 11 位手机号，可空
             * @default
             */
            phone: string;
            /**
             * Position
             * @description 职位
             * @default
             */
            position: string;
            /**
             * Remark
             * @default
             */
            remark: string;
            /** Role Ids */
            role_ids?: number[];
            /** Version */
            version?: number | null;
        };
        /** TokensOut */
        TokensOut: {
            /** Access Token */
            access_token: string;
            /** Expires In */
            expires_in: number;
            /** Refresh Token */
            refresh_token: string;
            /**
             * Token Type
             * @default bearer
             */
            token_type: string;
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    staff_login_api_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    staff_logout_api_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    me_api_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
        };
    };
    change_password_api_auth_password_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    staff_refresh_api_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cards__list_activations_api_cards_activations_get: {
        parameters: {
            query?: {
                contract_id?: number | null;
                created_at_from?: string | null;
                created_at_to?: string | null;
                customer_id?: number | null;
                /** @description 激活批次号、客户名称或合同名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: components["schemas"]["cards__RequestStatus"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__create_api_cards_activations_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ActivationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__detail_api_cards_activations__activation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                activation_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__review_api_cards_activations__activation_id__review_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path: {
                activation_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__list_cards_api_cards_cards_get: {
        parameters: {
            query?: {
                /** @description 激活批次号 */
                activation_batch_no?: string | null;
                /** @description 激活批次 */
                activation_id?: number | null;
                /** @description 卡片种类 */
                card_kind?: string | null;
                /** @description 卡号区间起（含） */
                card_no_from?: string | null;
                /** @description 卡号区间止（含） */
                card_no_to?: string | null;
                /** @description 卡片类型 */
                card_type?: string | null;
                city?: string | null;
                /** @description 合同 */
                contract_id?: number | null;
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 客户名称或合同名称 */
                keyword?: string | null;
                /** @description 制卡批次 */
                making_batch_id?: number | null;
                /** @description 用户ID */
                member_id?: number | null;
                /** @description 手机号（完整号码） */
                member_phone?: string | null;
                /** @description 跟进人 */
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 卡片状态 */
                status?: components["schemas"]["cards__CardStatus"] | null;
                /** @description 使用状态 */
                use_status?: components["schemas"]["cards__UseStatus"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__detail_api_cards_cards__card_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__extend_api_cards_cards__card_id__extend_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ExtendIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__freeze_api_cards_cards__card_id__freeze_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__card_ledger_api_cards_cards__card_id__ledger_get: {
        parameters: {
            query?: {
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__unfreeze_api_cards_cards__card_id__unfreeze_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__void_api_cards_cards__card_id__void_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__export_cards_api_cards_cards_export_get: {
        parameters: {
            query?: {
                /** @description 激活批次号 */
                activation_batch_no?: string | null;
                /** @description 激活批次 */
                activation_id?: number | null;
                /** @description 卡片种类 */
                card_kind?: string | null;
                /** @description 卡号区间起（含） */
                card_no_from?: string | null;
                /** @description 卡号区间止（含） */
                card_no_to?: string | null;
                /** @description 卡片类型 */
                card_type?: string | null;
                city?: string | null;
                /** @description 合同 */
                contract_id?: number | null;
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 客户名称或合同名称 */
                keyword?: string | null;
                /** @description 制卡批次 */
                making_batch_id?: number | null;
                /** @description 用户ID */
                member_id?: number | null;
                /** @description 手机号（完整号码） */
                member_phone?: string | null;
                /** @description 跟进人 */
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 卡片状态 */
                status?: components["schemas"]["cards__CardStatus"] | null;
                /** @description 使用状态 */
                use_status?: components["schemas"]["cards__UseStatus"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__list_entitlements_api_cards_entitlements_get: {
        parameters: {
            query?: {
                customer_id?: number | null;
                /** @description 合同名称、编号或客户名称 */
                keyword?: string | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description approved 可用, voided 已作废 */
                status?: ("approved" | "voided") | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__list_issues_api_cards_issues_get: {
        parameters: {
            query?: {
                card_type?: string | null;
                contract_id?: number | null;
                created_at_from?: string | null;
                created_at_to?: string | null;
                customer_id?: number | null;
                /** @description 客户名称或合同名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: components["schemas"]["cards__RequestStatus"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__create_api_cards_issues_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__IssueIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__detail_api_cards_issues__issue_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                issue_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__review_api_cards_issues__issue_id__review_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path: {
                issue_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__list_batches_api_cards_making_batches_get: {
        parameters: {
            query?: {
                card_type?: string | null;
                city?: string | null;
                created_at_from?: string | null;
                created_at_to?: string | null;
                /** @description 制卡批次号 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: components["schemas"]["cards__BatchStatus"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__create_api_cards_making_batches_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__MakingBatchIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__detail_api_cards_making_batches__batch_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__export_passwords_api_cards_making_batches__batch_id__export_get: {
        parameters: {
            query?: {
                /** @description 不填则导出最早一个未导出的密码批次 */
                password_set_id?: number | null;
            };
            header?: never;
            path: {
                batch_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__password_sets_api_cards_making_batches__batch_id__password_sets_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__reset_api_cards_making_batches__batch_id__reset_passwords_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batch_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__PasswordResetIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__review_api_cards_making_batches__batch_id__review_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path: {
                batch_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__list_red_packets_api_cards_red_packets_get: {
        parameters: {
            query?: {
                activation_id?: number | null;
                card_no_from?: string | null;
                card_no_to?: string | null;
                customer_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                state?: components["schemas"]["cards__RedPacketState"] | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__red_packet_detail_api_cards_red_packets__card_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_contracts_api_crm_contracts_get: {
        parameters: {
            query?: {
                contract_type?: ("体检卡" | "体检服务" | "其他") | null;
                customer_id?: number | null;
                end_from?: string | null;
                end_to?: string | null;
                expired?: boolean | null;
                /** @description N 天内到期 */
                expiring_within?: number | null;
                /** @description 合同名称、编号或客户名称 */
                keyword?: string | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                parent_id?: number | null;
                signed_from?: string | null;
                signed_to?: string | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: ("pending" | "approved" | "rejected" | "voided") | null;
                /** @description 只看主合同 */
                top_only?: boolean;
                /** @description 未回款完 */
                unpaid?: boolean | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__create_contract_api_crm_contracts_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ContractCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__read_contract_api_crm_contracts__contract_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__update_contract_api_crm_contracts__contract_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ContractUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_contract_api_crm_contracts__contract_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_attachments_api_crm_contracts__contract_id__attachments_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__upload_attachment_api_crm_contracts__contract_id__attachments_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["crm__Body_upload_attachment_api_crm_contracts__contract_id__attachments_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__download_attachment_api_crm_contracts__contract_id__attachments__attachment_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attachment_id: number;
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_attachment_api_crm_contracts__contract_id__attachments__attachment_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attachment_id: number;
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__change_contract_no_api_crm_contracts__contract_id__contract_no_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ContractNoIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__get_plan_api_crm_contracts__contract_id__payment_plans_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__put_plan_api_crm_contracts__contract_id__payment_plans_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__PlanIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__review_contract_api_crm_contracts__contract_id__review_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__void_contract_api_crm_contracts__contract_id__void_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contract_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__VoidIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__export_contracts_api_crm_contracts_export_get: {
        parameters: {
            query?: {
                contract_type?: ("体检卡" | "体检服务" | "其他") | null;
                customer_id?: number | null;
                end_from?: string | null;
                end_to?: string | null;
                expired?: boolean | null;
                /** @description N 天内到期 */
                expiring_within?: number | null;
                /** @description 合同名称、编号或客户名称 */
                keyword?: string | null;
                owner_id?: number | null;
                parent_id?: number | null;
                signed_from?: string | null;
                signed_to?: string | null;
                status?: ("pending" | "approved" | "rejected" | "voided") | null;
                /** @description 只看主合同 */
                top_only?: boolean;
                /** @description 未回款完 */
                unpaid?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_customers_api_crm_customers_get: {
        parameters: {
            query?: {
                admin_level?: ("省级" | "市级" | "县级" | "乡镇街道") | null;
                created_from?: string | null;
                created_to?: string | null;
                /** @description 回收站：已删除的客户（需要 crm:customer:restore） */
                deleted?: boolean;
                dept_id?: number | null;
                id?: number | null;
                in_pool?: boolean | null;
                industry?: ("银行" | "政府机构" | "事业单位" | "国有企业" | "私营企业" | "学校" | "医院" | "其他") | null;
                industry_attr?: ("机关单位" | "央企国企" | "事业单位" | "私营企业" | "其他") | null;
                /** @description 客户名称、拼音首字母或统一社会信用代码 */
                keyword?: string | null;
                level?: ("A" | "B" | "C" | "D") | null;
                locked?: boolean | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                review_status?: ("pending" | "approved" | "rejected") | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                source?: ("朋友介绍" | "互联网" | "营销活动" | "陌拜" | "老客户转介绍" | "其他") | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__create_customer_api_crm_customers_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__CustomerCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__read_customer_api_crm_customers__customer_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__update_customer_api_crm_customers__customer_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__CustomerUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_customer_api_crm_customers__customer_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__customer_history_api_crm_customers__customer_id__history_get: {
        parameters: {
            query?: {
                page?: number;
                page_size?: number;
            };
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__lock_customer_api_crm_customers__customer_id__lock_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__LockIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__release_customer_api_crm_customers__customer_id__release_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ReleaseIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__restore_customer_api_crm_customers__customer_id__restore_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__review_customer_api_crm_customers__customer_id__review_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__export_customers_api_crm_customers_export_get: {
        parameters: {
            query?: {
                admin_level?: ("省级" | "市级" | "县级" | "乡镇街道") | null;
                created_from?: string | null;
                created_to?: string | null;
                /** @description 回收站：已删除的客户（需要 crm:customer:restore） */
                deleted?: boolean;
                dept_id?: number | null;
                id?: number | null;
                in_pool?: boolean | null;
                industry?: ("银行" | "政府机构" | "事业单位" | "国有企业" | "私营企业" | "学校" | "医院" | "其他") | null;
                industry_attr?: ("机关单位" | "央企国企" | "事业单位" | "私营企业" | "其他") | null;
                /** @description 客户名称、拼音首字母或统一社会信用代码 */
                keyword?: string | null;
                level?: ("A" | "B" | "C" | "D") | null;
                locked?: boolean | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                review_status?: ("pending" | "approved" | "rejected") | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                source?: ("朋友介绍" | "互联网" | "营销活动" | "陌拜" | "老客户转介绍" | "其他") | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__import_customers_api_crm_customers_import_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["crm__Body_import_customers_api_crm_customers_import_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__import_template_api_crm_customers_import_template_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    crm__unattended_customers_api_crm_customers_unattended_get: {
        parameters: {
            query?: {
                /** @description 领取或分配后超过 N 天未跟进 */
                days?: number;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_follow_ups_api_crm_follow_ups_get: {
        parameters: {
            query?: {
                customer_id?: number | null;
                followed_from?: string | null;
                followed_to?: string | null;
                /** @description 客户名称 */
                keyword?: string | null;
                method?: ("电话" | "上门拜访" | "微信" | "邮件" | "其他") | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__create_follow_up_api_crm_follow_ups_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__FollowUpCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__update_follow_up_api_crm_follow_ups__follow_up_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                follow_up_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__FollowUpUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_follow_up_api_crm_follow_ups__follow_up_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                follow_up_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__due_follow_ups_api_crm_follow_ups_due_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    crm__list_changes_api_crm_owner_changes_get: {
        parameters: {
            query?: {
                /** @description 客户名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: ("pending" | "approved" | "rejected") | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__request_change_api_crm_owner_changes_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__OwnerChangeCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_change_api_crm_owner_changes__change_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                change_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__review_change_api_crm_owner_changes__change_id__review_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                change_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__ReviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__pending_count_api_crm_owner_changes_pending_count_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: number;
                    };
                };
            };
        };
    };
    crm__due_instalments_api_crm_payment_plans_get: {
        parameters: {
            query?: {
                /** @description 提醒：N 天内到期的分期 */
                due_within?: number;
                overdue_only?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_payments_api_crm_payments_get: {
        parameters: {
            query?: {
                contract_id?: number | null;
                customer_id?: number | null;
                /** @description 合同名称、编号或客户名称 */
                keyword?: string | null;
                method?: ("银行转账" | "现金" | "支付宝" | "其他") | null;
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                received_from?: string | null;
                received_to?: string | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__create_payment_api_crm_payments_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__PaymentCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__read_payment_api_crm_payments__payment_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                payment_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__update_payment_api_crm_payments__payment_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                payment_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__PaymentUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__delete_payment_api_crm_payments__payment_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                payment_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__export_payments_api_crm_payments_export_get: {
        parameters: {
            query?: {
                contract_id?: number | null;
                customer_id?: number | null;
                /** @description 合同名称、编号或客户名称 */
                keyword?: string | null;
                method?: ("银行转账" | "现金" | "支付宝" | "其他") | null;
                owner_id?: number | null;
                received_from?: string | null;
                received_to?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_pool_api_crm_pool_get: {
        parameters: {
            query?: {
                industry?: ("银行" | "政府机构" | "事业单位" | "国有企业" | "私营企业" | "学校" | "医院" | "其他") | null;
                keyword?: string | null;
                level?: ("A" | "B" | "C" | "D") | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__list_rules_api_crm_pool_rules_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    crm__put_rule_api_crm_pool_rules__scope_key__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description ALL（全部级别）或 A/B/C/D */
                scope_key: "ALL" | "A" | "B" | "C" | "D";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__RuleIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__assign_api_crm_pool__customer_id__assign_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["crm__AssignIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__claim_api_crm_pool__customer_id__claim_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    crm__due_to_return_api_crm_pool_due_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["crm__HTTPValidationError"];
                };
            };
        };
    };
    health__list_brands_api_health_brands_get: {
        parameters: {
            query?: {
                brand_type?: string | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_brand_api_health_brands_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__BrandIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_brand_api_health_brands__brand_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_brand_api_health_brands__brand_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_brand_api_health_brands__brand_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__BrandPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_brand_logo_api_health_brands__brand_id__logo_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__upload_brand_logo_api_health_brands__brand_id__logo_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["health__Body_upload_brand_logo_api_health_brands__brand_id__logo_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__set_brand_status_api_health_brands__brand_id__status_post: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                brand_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__BrandStatusIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_categories_api_health_categories_get: {
        parameters: {
            query?: {
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_category_api_health_categories_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__CategoryIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_category_api_health_categories__category_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                category_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_category_api_health_categories__category_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                category_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_category_api_health_categories__category_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                category_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__CategoryPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_diseases_api_health_diseases_get: {
        parameters: {
            query?: {
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 分组 id；0 表示只看分组 */
                parent_id?: number | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_disease_api_health_diseases_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__DiseaseIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_disease_api_health_diseases__disease_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                disease_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_disease_api_health_diseases__disease_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                disease_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_disease_api_health_diseases__disease_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                disease_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__DiseasePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_districts_api_health_districts_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    health__list_staff_api_health_hospital_staff_get: {
        parameters: {
            query?: {
                hospital_id?: number | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_staff_api_health_hospital_staff_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__StaffIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_staff_api_health_hospital_staff__staff_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_staff_api_health_hospital_staff__staff_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_staff_api_health_hospital_staff__staff_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__StaffPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_hospitals_api_health_hospitals_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                channel?: string | null;
                district_id?: number | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_hospital_api_health_hospitals_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__HospitalIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_hospital_api_health_hospitals__hospital_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_hospital_api_health_hospitals__hospital_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_hospital_api_health_hospitals__hospital_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__HospitalPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_schedule_api_health_hospitals__hospital_id__schedule_get: {
        parameters: {
            query: {
                month: string;
            };
            header?: never;
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__put_schedule_api_health_hospitals__hospital_id__schedule_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__ScheduleSet"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_items_api_health_items_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                disease_id?: number | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                sale_price_from?: number | string | null;
                sale_price_to?: number | string | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_item_api_health_items_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__ItemIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_item_api_health_items__item_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_item_api_health_items__item_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                item_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_item_api_health_items__item_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                item_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__ItemPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__export_items_api_health_items_export_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                disease_id?: number | null;
                keyword?: string | null;
                sale_price_from?: number | string | null;
                sale_price_to?: number | string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__import_items_api_health_items_import_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["health__Body_import_items_api_health_items_import_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_orders_api_health_orders_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                card_no?: string | null;
                /** @description 完成(结算)时间起 */
                completed_from?: string | null;
                completed_to?: string | null;
                /** @description 下单时间起 */
                created_from?: string | null;
                created_to?: string | null;
                /** @description 预约日期起 */
                day_from?: string | null;
                day_to?: string | null;
                hospital_id?: number | null;
                /** @description 订单号/体检人/会员姓名 */
                keyword?: string | null;
                member_id?: number | null;
                order_no?: string | null;
                package_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 会员或体检人手机号 */
                phone?: string | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_order_api_health_orders__order_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__admin_cancel_api_health_orders__order_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__CancelIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__export_orders_api_health_orders_export_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                card_no?: string | null;
                /** @description 完成(结算)时间起 */
                completed_from?: string | null;
                completed_to?: string | null;
                /** @description 下单时间起 */
                created_from?: string | null;
                created_to?: string | null;
                /** @description 预约日期起 */
                day_from?: string | null;
                day_to?: string | null;
                hospital_id?: number | null;
                /** @description 订单号/体检人/会员姓名 */
                keyword?: string | null;
                member_id?: number | null;
                order_no?: string | null;
                package_id?: number | null;
                /** @description 会员或体检人手机号 */
                phone?: string | null;
                status?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__list_packages_api_health_packages_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                category_id?: number | null;
                hospital_id?: number | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                recommended?: number | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__create_package_api_health_packages_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__PackageIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__get_package_api_health_packages__package_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                package_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__delete_package_api_health_packages__package_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                package_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__update_package_api_health_packages__package_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                package_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__PackagePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    reports__get_card_consumption_api_reports_card_consumption_get: {
        parameters: {
            query?: {
                /** @description 激活批次 */
                activation_id?: number | null;
                /** @description 合同 */
                contract_id?: number | null;
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description activation 按激活批次 / contract / customer */
                group_by?: components["schemas"]["reports__CardGrouping"];
                /** @description 客户名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__export_card_consumption_api_reports_card_consumption_export_get: {
        parameters: {
            query?: {
                /** @description 激活批次 */
                activation_id?: number | null;
                /** @description 合同 */
                contract_id?: number | null;
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description activation 按激活批次 / contract / customer */
                group_by?: components["schemas"]["reports__CardGrouping"];
                /** @description 客户名称 */
                keyword?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__get_goods_api_reports_goods_get: {
        parameters: {
            query?: {
                /** @description 品牌 */
                brand_id?: number | null;
                /** @description 分类 */
                category_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 商品 */
                goods_id?: number | null;
                /** @description 商品名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__get_goods_brands_api_reports_goods_brands_get: {
        parameters: {
            query?: {
                /** @description 品牌 */
                brand_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 品牌名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__export_goods_brands_api_reports_goods_brands_export_get: {
        parameters: {
            query?: {
                /** @description 品牌 */
                brand_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 品牌名称 */
                keyword?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__export_goods_api_reports_goods_export_get: {
        parameters: {
            query?: {
                /** @description 品牌 */
                brand_id?: number | null;
                /** @description 分类 */
                category_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 商品 */
                goods_id?: number | null;
                /** @description 商品名称 */
                keyword?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__get_hospital_settlement_api_reports_hospital_settlement_get: {
        parameters: {
            query?: {
                /** @description 医院品牌 */
                brand_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description day 按日 / month 按月 / all 整个区间 */
                granularity?: components["schemas"]["reports__Granularity"];
                /** @description 医院 */
                hospital_id?: number | null;
                /** @description 医院名称 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__export_hospital_settlement_api_reports_hospital_settlement_export_get: {
        parameters: {
            query?: {
                /** @description 医院品牌 */
                brand_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description day 按日 / month 按月 / all 整个区间 */
                granularity?: components["schemas"]["reports__Granularity"];
                /** @description 医院 */
                hospital_id?: number | null;
                /** @description 医院名称 */
                keyword?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__get_sales_api_reports_sales_get: {
        parameters: {
            query?: {
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 部门 */
                dept_id?: number | null;
                /** @description day 按日 / month 按月 / all 整个区间 */
                granularity?: components["schemas"]["reports__Granularity"];
                /** @description 客户名称 */
                keyword?: string | null;
                /** @description 销售员（跟进人） */
                owner_id?: number | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    reports__export_sales_api_reports_sales_export_get: {
        parameters: {
            query?: {
                /** @description 客户 */
                customer_id?: number | null;
                /** @description 开始日期（含），上海日期 YYYY-MM-DD */
                date_from?: string | null;
                /** @description 结束日期（含），上海日期 YYYY-MM-DD */
                date_to?: string | null;
                /** @description 部门 */
                dept_id?: number | null;
                /** @description day 按日 / month 按月 / all 整个区间 */
                granularity?: components["schemas"]["reports__Granularity"];
                /** @description 客户名称 */
                keyword?: string | null;
                /** @description 销售员（跟进人） */
                owner_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["reports__HTTPValidationError"];
                };
            };
        };
    };
    list_keys_api_system_api_keys_get: {
        parameters: {
            query?: {
                active?: boolean | null;
                /** @description 名称或前缀 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                partner_id?: number | null;
                partner_type?: ("hospital" | "escort") | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_key_api_system_api_keys_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    revoke_key_api_system_api_keys__key_id__revoke_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_departments_api_system_departments_get: {
        parameters: {
            query?: {
                /** @description true 启用 / false 停用 */
                active?: boolean | null;
                /** @description 部门名称或负责人 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                parent_id?: number | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_department_api_system_departments_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepartmentIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_department_api_system_departments__dept_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                dept_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_department_api_system_departments__dept_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                dept_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepartmentUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_department_api_system_departments__dept_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                dept_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    department_tree_api_system_departments_tree_get: {
        parameters: {
            query?: {
                active?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_login_logs_api_system_login_logs_get: {
        parameters: {
            query?: {
                created_from?: string | null;
                created_to?: string | null;
                ip?: string | null;
                kind?: ("staff" | "member") | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                success?: boolean | null;
                /** @description 登录名（模糊） */
                username?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_members_api_system_members_get: {
        parameters: {
            query?: {
                active?: boolean | null;
                created_from?: string | null;
                created_to?: string | null;
                /** @description 姓名或手机号 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    disable_member_api_system_members__member_id__disable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    enable_member_api_system_members__member_id__enable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_operation_logs_api_system_operation_logs_get: {
        parameters: {
            query?: {
                created_from?: string | null;
                created_to?: string | null;
                /** @description 路径（模糊） */
                keyword?: string | null;
                method?: ("POST" | "PUT" | "PATCH" | "DELETE" | "GET") | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                service?: string | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status_code?: number | null;
                /** @description true: 状态码 < 400 */
                success?: boolean | null;
                target_id?: string | null;
                user_id?: number | null;
                user_name?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    export_operation_logs_api_system_operation_logs_export_get: {
        parameters: {
            query?: {
                created_from?: string | null;
                created_to?: string | null;
                /** @description 路径（模糊） */
                keyword?: string | null;
                method?: ("POST" | "PUT" | "PATCH" | "DELETE" | "GET") | null;
                service?: string | null;
                status_code?: number | null;
                /** @description true: 状态码 < 400 */
                success?: boolean | null;
                target_id?: string | null;
                user_id?: number | null;
                user_name?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_permissions_api_system_permissions_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    list_roles_api_system_roles_get: {
        parameters: {
            query?: {
                active?: boolean | null;
                /** @description 角色名称或标识 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                scope?: components["schemas"]["Scope"] | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_role_api_system_roles_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_role_api_system_roles__role_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_role_api_system_roles__role_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                role_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoleUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_role_api_system_roles__role_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_staff_api_system_users_get: {
        parameters: {
            query?: {
                active?: boolean | null;
                /** @description 创建日期起 YYYY-MM-DD */
                created_from?: string | null;
                /** @description 创建日期止 YYYY-MM-DD */
                created_to?: string | null;
                /** @description 部门（含下级部门） */
                dept_id?: number | null;
                /** @description 姓名、登录名或手机号 */
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                role_id?: number | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_staff_api_system_users_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_staff_api_system_users__staff_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_staff_api_system_users__staff_id__put: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string | null;
            };
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_staff_api_system_users__staff_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    disable_staff_api_system_users__staff_id__disable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    enable_staff_api_system_users__staff_id__enable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    reset_password_api_system_users__staff_id__reset_password_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                staff_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordReset"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    member_login_app_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberLoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    member_logout_app_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    member_me_app_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    member_refresh_app_auth_refresh_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    register_app_auth_register_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokensOut"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cards__ledger_app_cards__card_id__ledger_get: {
        parameters: {
            query?: {
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path: {
                card_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__bind_app_cards_bind_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["cards__BindIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["cards__HTTPValidationError"];
                };
            };
        };
    };
    cards__mine_app_cards_mine_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    health__member_schedule_app_health_hospitals__hospital_id__schedule_get: {
        parameters: {
            query: {
                month: string;
            };
            header?: never;
            path: {
                hospital_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__my_orders_app_health_orders_get: {
        parameters: {
            query?: {
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__book_order_app_health_orders_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["health__BookIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__my_order_app_health_orders__order_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__my_cancel_app_health_orders__order_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["health__CancelIn"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__member_packages_app_health_packages_get: {
        parameters: {
            query?: {
                brand_id?: number | null;
                category_id?: number | null;
                hospital_id?: number | null;
                keyword?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                recommended?: number | null;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__member_package_app_health_packages__package_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                package_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__partner_orders_partner_health_orders_get: {
        parameters: {
            query?: {
                /** @description 预约日期，默认今天（北京时间） */
                day?: string | null;
                /** @description 页码，从 1 开始 */
                page?: number;
                /** @description 每页条数，最多 100 */
                page_size?: number;
                /** @description 排序字段，前缀 - 表示倒序，如 -created_at */
                sort?: string | null;
                status?: string | null;
                /** @description 0 表示不返回选项列表 */
                with_options?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__partner_order_partner_health_orders__order_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__partner_check_in_partner_health_orders__order_id__check_in_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
    health__partner_complete_partner_health_orders__order_id__complete_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["health__HTTPValidationError"];
                };
            };
        };
    };
}

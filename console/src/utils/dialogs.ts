// The small dialogs of row actions (a reason, a confirmation, an amount), shared by the list component and the
// pages with their own shape (工单详情, 用户详情). Each answers null (or false) when cancelled.
import { ElMessage, ElMessageBox } from 'element-plus'
import type { ActionContext, Row, RowAction } from '@/pages/types'

const buttons = { confirmButtonText: '确定', cancelButtonText: '取消' }

export async function promptText(title: string, label: string, required = true): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(label, title, {
      ...buttons,
      inputValidator: (v: string) => (!required || (v ?? '').trim().length > 0 ? true : `请填写${label}`),
    })
    return value ?? ''
  } catch {
    return null
  }
}

export async function confirmAction(message: string): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, '请确认', { ...buttons, type: 'warning' })
    return true
  } catch {
    return false
  }
}

export async function promptAmount(title: string, label: string, initial = ''): Promise<string | null> {
  try {
    const { value } = await ElMessageBox.prompt(label, title, {
      ...buttons,
      inputValue: initial,
      inputPattern: /^\d{1,10}(\.\d{1,2})?$/,
      inputErrorMessage: '请输入金额（最多两位小数）',
    })
    return value
  } catch {
    return null
  }
}

/** Runs a row action: nothing more when it was cancelled (null or false), else its message and `after` (a
 * reload); a refusal is shown as the API words it. */
export async function runRowAction(action: RowAction, row: Row, context: ActionContext, after: () => Promise<void>): Promise<void> {
  try {
    const result = await action.run(row, context)
    if (result === false || result === null) return
    if (action.done) ElMessage.success(action.done)
    await after()
  } catch (error) {
    ElMessage.error(error instanceof Error ? error.message : String(error))
  }
}

import { ref, type Ref } from 'vue'
import { ElMessage, type FormInstance } from 'element-plus'
import { messageOf, renameField } from '@/api/errors'
import { useServerErrors } from './useServerErrors'

/**
 * A form's save round trip: one at a time, the client rules first, then `run`; a server error
 * naming one of `fields` goes under that field (`names` maps the command's field names to the
 * form's where they differ), any other error is shown as a message.
 */
export function useFormSubmit(
  model: Record<string, unknown>,
  fields: readonly string[],
  formRef: Ref<FormInstance | undefined>,
  names: Record<string, string> = {},
) {
  const { errors, apply, clear } = useServerErrors(model, fields)
  const saving = ref(false)

  async function submit(run: () => Promise<unknown>) {
    if (saving.value) return
    clear()
    const ok = await formRef.value?.validate().catch(() => false)
    if (ok === false) return
    saving.value = true
    try {
      await run()
    } catch (e) {
      if (!apply(renameField(e, names))) ElMessage.error(messageOf(e))
    } finally {
      saving.value = false
    }
  }

  /** Files an error the form met outside `submit` (e.g. a side action) as `submit` would. */
  const show = (e: unknown) => {
    if (!apply(renameField(e, names))) ElMessage.error(messageOf(e))
  }

  return { errors, clear, saving, submit, show }
}

// Maps whatever a command rejected with to the typed `Error { code, message }` of the backend.
import type { Error as IpcError, ErrorCode } from "./bindings";

const CODES: readonly ErrorCode[] = ["DatabaseTooNew", "DatabaseUnavailable", "InvalidInput", "NotFound", "InvalidDate", "Internal"];

export function toIpcError(raw: unknown): IpcError {
  if (typeof raw === "object" && raw !== null && "code" in raw && "message" in raw) {
    const { code, message } = raw as { code: unknown; message: unknown };
    if (CODES.includes(code as ErrorCode) && typeof message === "string") {
      return { code: code as ErrorCode, message };
    }
  }
  return { code: "Internal", message: typeof raw === "string" ? raw : String(raw) };
}

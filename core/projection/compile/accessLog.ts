import type { Logging } from '../../model/appMeshTypes.js';
import { anyTypes } from '../envoy/typeUrls.js';
import { any } from '../envoy/proto.js';

type Json = Record<string, unknown>;

/** Envoy's documented default format, which App Mesh used when a log names no format. */
export const defaultTextFormat =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

/**
 * `logging.accessLog.file` as the `accessLog` field of an HTTP connection
 * manager or TCP proxy (the same shape on both). `/dev/stdout` is just a
 * path to Envoy. Envoy's text formatter adds no line break, so a text
 * format without one gets it, or every entry would run into the next.
 */
export function accessLogs(logging: Logging | undefined): Json {
  const file = logging?.accessLog?.file;
  if (!file) return {};
  return { accessLog: [{ name: 'envoy.access_loggers.file', typedConfig: any(anyTypes.fileAccessLog, { path: file.path, logFormat: logFormat(file.format) }) }] };
}

function logFormat(format: { readonly text?: string; readonly json?: readonly { key: string; value: string }[] } | undefined): Json {
  if (format?.json) {
    // google.protobuf.Struct in protobufjs object form: protobufjs has no JSON mapping for it.
    const fields = Object.fromEntries(format.json.map(({ key, value }) => [key, { stringValue: value }]));
    return { jsonFormat: format.json.length ? { fields } : {} };
  }
  const text = format?.text ?? defaultTextFormat;
  return { textFormatSource: { inlineString: text.endsWith('\n') ? text : `${text}\n` } };
}

"""The C ABI from Python's ctypes, as a CRM's Python service would use it: version, errors, a
model, and batch scoring over NumPy-free columnar buffers. usage: ctypes_smoke.py <librapport_c.so>"""
import ctypes as C
import math
import sys

lib = C.CDLL(sys.argv[1])
lib.rapport_version_number.restype = C.c_uint32
lib.rapport_version_string.restype = C.c_char_p
lib.rapport_last_error.restype = C.c_char_p
lib.rapport_status_string.restype = C.c_char_p
lib.rapport_status_string.argtypes = [C.c_int32]
lib.rapport_time_parse.argtypes = [C.POINTER(C.c_int64), C.c_char_p]
lib.rapport_model_new.argtypes = [C.POINTER(C.c_void_p)]
lib.rapport_model_free.argtypes = [C.c_void_p]
lib.rapport_model_channel_find.argtypes = [C.c_void_p, C.POINTER(C.c_uint8), C.c_char_p]
lib.rapport_batch_score.argtypes = [C.c_void_p, C.POINTER(C.c_double), C.POINTER(C.c_uint8), C.POINTER(C.c_uint8),
                                    C.POINTER(C.c_int32), C.POINTER(C.c_int64), C.c_size_t, C.POINTER(C.c_int64),
                                    C.POINTER(C.c_uint8), C.POINTER(C.c_uint8), C.c_size_t, C.c_int64, C.c_void_p]
lib.rapport_band_name.restype = C.c_char_p
lib.rapport_band_name.argtypes = [C.c_int32]

failures = 0
def check(ok, what):
    global failures
    if not ok:
        failures += 1
        print("FAILED:", what, "| last error:", lib.rapport_last_error().decode())

version = lib.rapport_version_string().decode()
check(lib.rapport_version_number() > 0 and version.count(".") == 2, "version")
check(lib.rapport_status_string(1) == b"invalid_argument", "status string")

def t(text):
    out = C.c_int64()
    check(lib.rapport_time_parse(C.byref(out), text.encode()) == 0, "parse " + text)
    return out.value

model = C.c_void_p()
check(lib.rapport_model_new(C.byref(model)) == 0, "model")
email = C.c_uint8()
check(lib.rapport_model_channel_find(model, C.byref(email), b"email") == 0 and email.value == 4, "channel lookup")
check(lib.rapport_model_channel_find(model, C.byref(email), b"telegram") == 1, "unknown channel")
check(b"telegram" in lib.rapport_last_error(), "message names the channel")

# two contacts: a two-way exchange, and one-sided outreach
at = (C.c_int64 * 5)(t("2026-11-02T09:00"), t("2026-11-02T12:00"), t("2026-11-20T10:00"),
                     t("2026-10-01T09:00"), t("2026-11-01T09:00"))
channels = (C.c_uint8 * 5)(4, 4, 0, 4, 4)
directions = (C.c_uint8 * 5)(0, 1, 2, 0, 0)
offsets = (C.c_int64 * 3)(0, 3, 5)
scores = (C.c_double * 2)()
bands = (C.c_uint8 * 2)()
now = t("2026-11-25T09:00")
check(lib.rapport_batch_score(model, scores, bands, None, None, offsets, 2, at, channels, directions, 5, now, None) == 0,
      "batch score")
check(all(0 < s < 100 for s in scores) and scores[0] > scores[1], f"scores {list(scores)}")
check(lib.rapport_band_name(bands[0]) in (b"cold", b"cooling", b"warm", b"hot"), "band")
directions[4] = 9
check(lib.rapport_batch_score(model, scores, None, None, None, offsets, 2, at, channels, directions, 5, now, None) == 1,
      "bad direction")
check(b"contact 1, row 4" in lib.rapport_last_error(), "message names contact and row")
directions[4] = 0

# per-contact network contexts through version 2 of the batch options: the layouts as a C compiler
# lays them out, and a version-1 struct (an older program's) still accepted
class NetworkContext(C.Structure):
    _fields_ = [("version", C.c_uint32), ("reserved", C.c_uint32), ("owner_events_30d", C.c_double),
                ("contact_events_30d", C.c_double), ("owner_idle_days", C.c_double), ("contact_idle_days", C.c_double)]
class BatchOptions(C.Structure):
    _fields_ = [("version", C.c_uint32), ("future", C.c_uint32), ("contexts", C.POINTER(C.POINTER(NetworkContext)))]
class BatchOptionsV1(C.Structure):
    _fields_ = [("version", C.c_uint32), ("future", C.c_uint32)]
lib.rapport_network_context_init.argtypes = [C.POINTER(NetworkContext), C.c_uint32]
lib.rapport_batch_options_init.argtypes = [C.c_void_p, C.c_uint32]
ctx = NetworkContext()
check(lib.rapport_network_context_init(C.byref(ctx), 1) == 0 and ctx.version == 1, "context init")
ctx.owner_events_30d, ctx.contact_events_30d, ctx.owner_idle_days, ctx.contact_idle_days = 40, 2, 0.5, 40
plain = (C.c_double * 2)()
check(lib.rapport_batch_score(model, plain, None, None, None, offsets, 2, at, channels, directions, 5, now, None) == 0,
      "batch score again")
old = BatchOptionsV1()
check(lib.rapport_batch_options_init(C.byref(old), 1) == 0, "options v1 init")
v1 = (C.c_double * 2)()
check(lib.rapport_batch_score(model, v1, None, None, None, offsets, 2, at, channels, directions, 5, now, C.byref(old)) == 0
      and list(v1) == list(plain), "version-1 options: the old scores")
opts = BatchOptions()
check(lib.rapport_batch_options_init(C.byref(opts), 2) == 0 and opts.version == 2 and not opts.contexts, "options v2 init")
contexts = (C.POINTER(NetworkContext) * 2)(C.pointer(ctx), None)
opts.contexts = contexts
with_ctx = (C.c_double * 2)()
check(lib.rapport_batch_score(model, with_ctx, None, None, None, offsets, 2, at, channels, directions, 5, now,
                              C.byref(opts)) == 0 and 0 < with_ctx[0] < 100 and with_ctx[1] == plain[1],
      f"contexts: {list(with_ctx)}")
ctx.contact_idle_days = -1
check(lib.rapport_batch_score(model, with_ctx, None, None, None, offsets, 2, at, channels, directions, 5, now,
                              C.byref(opts)) == 1 and b"contexts[0]->contact_idle_days" in lib.rapport_last_error(),
      "bad context names the field")
lib.rapport_model_free(model)
lib.rapport_model_free(None)
print(f"ctypes: rapport {version}, scores {scores[0]:.1f} and {scores[1]:.1f}, {failures} failed")
sys.exit(1 if failures else 0)

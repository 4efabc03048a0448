#ifndef CJAVASCRIPTCORE_SHIM_H
#define CJAVASCRIPTCORE_SHIM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <JavaScriptCore/JavaScript.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported by libjavascriptcoregtk-4.1 but absent from its public headers (WebKit's JSContextRefPrivate.h).
   Checked with `nm -D` against 2.50.6; not ABI-promised, so the engine checks the library version at start. */
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void *context);
JS_EXPORT void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit, JSShouldTerminateCallback callback, void *context);
JS_EXPORT void JSContextGroupClearExecutionTimeLimit(JSContextGroupRef group);
JS_EXPORT void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function, JSValueRef *exception);
/* A full collection now (JSGarbageCollect only asks for one later): tests prove with it that values are kept. */
JS_EXPORT void JSSynchronousGarbageCollectForDebugging(JSContextRef ctx);
/* WTF::releaseFastMallocFreeMemory(), by its C++ name (no arguments, nothing returned: the C call is the same):
   gives the memory the engines' allocator holds free back to the system, as WebKit does under memory pressure. */
void _ZN3WTF27releaseFastMallocFreeMemoryEv(void);
void _ZN3WTF40releaseFastMallocFreeMemoryForThisThreadEv(void);
/* An object whose heapSize is what the VM's heap holds now (JSBasePrivate.h); callable in the watchdog's callback. */
JS_EXPORT JSObjectRef JSGetMemoryUsageStatistics(JSContextRef ctx);

/* A relaxed atomic load, for memory that JavaScript writes through a typed array while another thread reads it. */
static inline int32_t jshost_load_relaxed_i32(const int32_t *address) { return __atomic_load_n(address, __ATOMIC_RELAXED); }

/* GObject API from the same library: only the version, to guard the private functions above. */
unsigned jsc_get_major_version(void);
unsigned jsc_get_minor_version(void);
unsigned jsc_get_micro_version(void);

#ifdef __cplusplus
}
#endif
#endif

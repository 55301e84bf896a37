/*
 * TEST-ONLY shim. Never shipped, never linked into trayotp.
 *
 * Rust's std on Windows gets its randomness (HashMap's RandomState, etc.) from
 * ProcessPrng in bcryptprimitives.dll. Wine 8 has no bcryptprimitives.dll, so
 * every Rust test binary fails to load under Wine. .ci/wine-env builds this
 * file into the Wine prefix's system32 so `cargo test --target
 * x86_64-pc-windows-gnu` can run the tests. Real Windows (10+) ships the real
 * DLL; this file has no business anywhere else.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* BCryptGenRandom takes a ULONG length; feed it in chunks. */
    while (len > 0) {
        ULONG chunk = len > 0x40000000u ? 0x40000000u : (ULONG)len;
        BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
        data += chunk;
        len -= chunk;
    }
    /* Like the real one, ProcessPrng always reports success. */
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}

; trayotp's Windows installer: NSIS 3 (Debian's `nsis` package), Unicode,
; Modern UI 2, English and Japanese.
;
; Built by scripts/build-windows-release.sh, which passes:
;   VERSION            e.g. 0.1.0 (from Cargo.toml)
;   VERSION_QUAD       e.g. 0.1.0.0 (the setup.exe's version resource)
;   APP_USER_MODEL_ID  \ read from src/app_id.rs, so the installer and the
;   RUN_VALUE_NAME     / program agree on them
;   STAGE              folder holding trayotp.exe, trayotp.com, README.txt and
;                      the guides guide-en.html and guide-ja.html
;   ICON               icons/trayotp.ico
;   WELCOME_BITMAP     icons/installer-welcome.bmp (164x314)
;   OUTFILE            the setup.exe to write
;
; What it does, for the current user only (no administrator rights):
;   - copies trayotp.exe (the tray, GUI subsystem) and trayotp.com (the
;     console command line, which cmd.exe finds first) to
;     %LOCALAPPDATA%\Programs\trayotp;
;   - a Start-menu shortcut carrying the AppUserModelID (so Windows ties the
;     tray's notifications to it), set through COM with the stock System
;     plug-in (Debian's NSIS has no WinShell plug-in);
;   - on the finish page: a desktop shortcut, and "start at login" (the HKCU
;     Run value "<dir>\trayotp.exe" --background), both ticked;
;   - an uninstaller listed in "Apps & features" (HKCU Uninstall key), which
;     keeps the accounts (%APPDATA%\trayotp) unless the user ticks them, and
;     removes the notification registration the tray may have made
;     (HKCU\Software\Classes\AppUserModelId\<id>, src/platform/app_identity/).
;
; Command line (for scripted installs):
;   setup.exe /S [/NODESKTOP] [/NOAUTOSTART] [/D=C:\other\folder]
;   uninstall.exe /S [/REMOVEVAULT]     (the vault stays unless /REMOVEVAULT)

!ifndef VERSION | VERSION_QUAD | APP_USER_MODEL_ID | RUN_VALUE_NAME | STAGE | ICON | WELCOME_BITMAP | OUTFILE
  !error "build with scripts/build-windows-release.sh (it defines VERSION, STAGE, ...)"
!endif

Unicode true
; A 64-bit installer for a 64-bit program: the amd64 stub (Debian ships it)
; also runs where only 64-bit Windows programs can (Debian's wine64). The
; official NSIS builds (a Windows runner's) have only x86 stubs: there the
; build script passes -DTARGET=x86-unicode, which 64-bit Windows runs too
; (HKCU's Software keys and %LOCALAPPDATA% are the same for it).
!ifndef TARGET
  !define TARGET amd64-unicode
!endif
Target ${TARGET}
SetCompressor /SOLID lzma
ManifestDPIAware true
ManifestSupportedOS all
RequestExecutionLevel user

!define PRODUCT "trayotp"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define AUMID_KEY "Software\Classes\AppUserModelId\${APP_USER_MODEL_ID}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; An upgrade goes where the previous version went.
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"
!include "x64.nsh"
!include "Win\COM.nsh"
!include "Win\Propkey.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEFINISHPAGE_BITMAP "${WELCOME_BITMAP}"

; ---- pages -------------------------------------------------------------
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
; The finish page's two check boxes (both ticked): MUI calls it "run" and
; "show readme"; here they are the desktop shortcut and start at login.
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(DesktopShortcut)"
!define MUI_FINISHPAGE_RUN_FUNCTION CreateDesktopShortcut
!define MUI_FINISHPAGE_SHOWREADME
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(StartAtLogin)"
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION EnableStartAtLogin
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; ---- languages (the first is the default; Windows' UI language picks) ---
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

LangString WelcomeText ${LANG_ENGLISH} "This installs trayotp ${VERSION}, which shows the one-time passwords your bank or brokerage asks for, from the notification area.$\r$\n$\r$\ntrayotp is installed for you only and needs no administrator rights. Your accounts are kept encrypted in your own profile.$\r$\n$\r$\nClick Next to continue."
LangString WelcomeText ${LANG_JAPANESE} "trayotp ${VERSION} をインストールします。証券会社や銀行が求めるワンタイムパスワードを、通知領域から表示するアプリです。$\r$\n$\r$\nこのユーザーだけにインストールされ、管理者権限は必要ありません。登録したアカウントは、あなたのプロファイルに暗号化して保存されます。$\r$\n$\r$\n「次へ」をクリックして続けてください。"
LangString DesktopShortcut ${LANG_ENGLISH} "Put a trayotp icon on the desktop"
LangString DesktopShortcut ${LANG_JAPANESE} "デスクトップに trayotp のアイコンを置く"
LangString StartAtLogin ${LANG_ENGLISH} "Start trayotp when I sign in to Windows"
LangString StartAtLogin ${LANG_JAPANESE} "Windows へのサインイン時に trayotp を起動する"
LangString ShortcutComment ${LANG_ENGLISH} "One-time passwords from the notification area"
LangString ShortcutComment ${LANG_JAPANESE} "通知領域からワンタイムパスワード"
LangString Needs64Bit ${LANG_ENGLISH} "trayotp needs 64-bit Windows 10 or 11."
LangString Needs64Bit ${LANG_JAPANESE} "trayotp には 64 ビット版の Windows 10 または 11 が必要です。"
LangString UnProgram ${LANG_ENGLISH} "trayotp (the program and its shortcuts)"
LangString UnProgram ${LANG_JAPANESE} "trayotp 本体とショートカット"
LangString UnVault ${LANG_ENGLISH} "Also delete my accounts and their keys (cannot be undone)"
LangString UnVault ${LANG_JAPANESE} "登録したアカウントと鍵も削除する（元に戻せません）"

; ---- install -------------------------------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "$(Needs64Bit)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "-trayotp" SecProgram
  SetOutPath "$INSTDIR"
  ; An update: ask a running tray to quit so its exe can be replaced.
  IfFileExists "$INSTDIR\trayotp.exe" 0 +2
    ExecWait '"$INSTDIR\trayotp.exe" quit'

  File "${STAGE}\trayotp.exe"
  File "${STAGE}\trayotp.com"
  File "${STAGE}\README.txt"
  ; The user guides (docs/guide-*.md as HTML), opened by the menu's "Help".
  File "${STAGE}\guide-en.html"
  File "${STAGE}\guide-ja.html"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\trayotp.exe" "" "$INSTDIR\trayotp.exe" 0 \
    SW_SHOWNORMAL "" "$(ShortcutComment)"
  Push "$SMPROGRAMS\${PRODUCT}.lnk"
  Call SetShortcutAppUserModelId

  ; "Apps & features" (per user).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" '"$INSTDIR\trayotp.exe",0'
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"

  ; The finish page (or, silently, the command line) decides these anew.
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE_NAME}"
  ${If} ${Silent}
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/NODESKTOP" $R1
    ${If} ${Errors}
      Call CreateDesktopShortcut
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/NOAUTOSTART" $R1
    ${If} ${Errors}
      Call EnableStartAtLogin
    ${EndIf}
  ${EndIf}
SectionEnd

Function CreateDesktopShortcut
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\trayotp.exe" "" "$INSTDIR\trayotp.exe" 0 \
    SW_SHOWNORMAL "" "$(ShortcutComment)"
FunctionEnd

Function EnableStartAtLogin
  WriteRegStr HKCU "${RUN_KEY}" "${RUN_VALUE_NAME}" '"$INSTDIR\trayotp.exe" --background'
FunctionEnd

; Sets System.AppUserModel.ID on the shortcut whose path is on the stack:
; IShellLink -> IPersistFile::Load -> IPropertyStore::SetValue + Commit ->
; IPersistFile::Save. On failure the shortcut stays, without the ID.
Function SetShortcutAppUserModelId
  Exch $0 ; the .lnk
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  Push $7
  StrCpy $6 "failed"
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r1 ""
  ${If} $1 P<> 0
    ${IUnknown::QueryInterface} $1 '("${IID_IPersistFile}",.r2)'
    ${If} $2 P<> 0
      ${IPersistFile::Load} $2 '("$0",${STGM_READWRITE}).r3'
      ${If} $3 = 0
        ${IUnknown::QueryInterface} $1 '("${IID_IPropertyStore}",.r3)'
        ${If} $3 P<> 0
          System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r4'
          ; PROPVARIANT { vt = VT_LPWSTR, pwszVal = a CoTaskMem copy of the ID }.
          System::Call 'SHLWAPI::SHStrDupW(w "${APP_USER_MODEL_ID}", *p.r7)i.r6'
          ${If} $6 = 0
            System::Call '*(&i2 ${VT_LPWSTR}, &i6 0, p r7, p 0)p.r5'
            ${IPropertyStore::SetValue} $3 '(r4,r5).r6'
            ${If} $6 = 0
              ${IPropertyStore::Commit} $3 '().r6'
            ${EndIf}
            System::Free $5
            System::Call 'OLE32::CoTaskMemFree(p r7)'
          ${EndIf}
          System::Free $4
          ${IUnknown::Release} $3 ""
          ${If} $6 = 0
            ${IPersistFile::Save} $2 '("$0",1).r6'
          ${EndIf}
        ${EndIf}
      ${EndIf}
      ${IUnknown::Release} $2 ""
    ${EndIf}
    ${IUnknown::Release} $1 ""
  ${EndIf}
  ${If} $6 = 0
    DetailPrint "AppUserModelID ${APP_USER_MODEL_ID} set on $0"
  ${Else}
    DetailPrint "Could not set the AppUserModelID on $0 ($6)"
  ${EndIf}
  Pop $7
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; ---- uninstall -----------------------------------------------------------
Section "un.$(UnProgram)" UnSecProgram
  SectionIn RO
  ; A running tray holds its exe open: ask it to quit first.
  ExecWait '"$INSTDIR\trayotp.exe" quit'
  Delete "$INSTDIR\trayotp.exe"
  Delete "$INSTDIR\trayotp.com"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\guide-en.html"
  Delete "$INSTDIR\guide-ja.html"
  Delete "$INSTDIR\uninstall.exe"
  ; Only our files: never a recursive delete of a folder the user chose.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE_NAME}"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ; What the tray registers for its notifications when it finds no shortcut
  ; carrying its ID (src/platform/app_identity/): the key and its icon.
  DeleteRegKey HKCU "${AUMID_KEY}"
  Delete "$APPDATA\${PRODUCT}\toast-icon.png"
SectionEnd

Section /o "un.$(UnVault)" UnSecVault
  ; The vault, its backups and the settings (src/paths.rs: %APPDATA%\trayotp).
  RMDir /r "$APPDATA\${PRODUCT}"
SectionEnd

Function un.onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEVAULT" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnSecVault}
  ${EndIf}
FunctionEnd

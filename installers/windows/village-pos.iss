; Inno Setup 6.3+ script: the Windows installer of Village Station POS (Chinese and English).
;
; Built by installers\windows\build.ps1, which makes dist\village-pos\ with PyInstaller first and
; passes the version; by hand: iscc /DAppVersion=0.1.0 installers\windows\village-pos.iss
; Result: dist\village-pos-setup-<version>.exe
;
; A per-user install (no administrator, no UAC prompt): the program goes to
; %LOCALAPPDATA%\Programs\Village Station POS. The station's data lives apart, in
; %LOCALAPPDATA%\VillageStationPOS (pos/paths.py), which Setup never touches, so an upgrade keeps
; it. Uninstalling asks whether to delete the data as well; the default answer is No.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; Inno Setup 6.5 and later ship this file; build.ps1 points here at a downloaded copy otherwise
#ifndef ChineseMessages
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#endif
#define AppExe "village-pos.exe"

[Setup]
; Never change the AppId: it is how a new version finds the installed one and replaces it.
AppId={{9F8D317A-D2C5-4BC5-A06B-8256363D324B}
AppName={cm:AppTitle}
AppVersion={#AppVersion}
AppVerName={cm:AppTitle} {#AppVersion}
AppPublisher=Village Station POS developers
DefaultDirName={autopf}\Village Station POS
DefaultGroupName={cm:AppTitle}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later
MinVersion=10.0.17763
WizardStyle=modern
ShowLanguageDialog=auto
SetupIconFile=..\..\resources\icons\village-pos.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=village-pos-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; an upgrade closes a running copy first (the app saves every action as it happens)
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.AppTitle=Village Station POS
chinesesimplified.AppTitle=村站收银
english.DeleteDataQuestion=Also delete the station's data?%n%n%1%n%nIt holds the database with every parcel, sale and villager, its backups and the logs. Choose No to keep it, for example to reinstall or to move to a new PC; it can be deleted by hand later.
chinesesimplified.DeleteDataQuestion=是否同时删除本站的数据？%n%n%1%n%n其中有全部包裹、销售和村民记录的数据库，以及备份和日志。选择“否”即保留数据（例如重新安装或换新电脑时使用），以后也可以手动删除。
english.DeleteDataFailed=Some files in %1 could not be deleted (is the app still running?). They can be deleted by hand.
chinesesimplified.DeleteDataFailed=%1 中的部分文件未能删除（程序是否仍在运行？），可以稍后手动删除。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; the previous version's bundle: a file the new version no longer ships must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\village-pos\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppTitle}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{cm:AppTitle}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:AppTitle}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:AppTitle}}"; Flags: nowait postinstall skipifsilent

[Code]
// The data folder of the user who uninstalls (the install is per user, so it is theirs).
function DataFolder: String;
begin
  Result := ExpandConstant('{localappdata}\VillageStationPOS');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := DataFolder;
  // a silent uninstall (an upgrade script, an administrator) always keeps the data
  if UninstallSilent or not DirExists(Folder) then
    Exit;
  if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [Folder]), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    if not DelTree(Folder, True, True, True) then
      MsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [Folder]), mbError, MB_OK);
  end;
end;

# Build the Windows installer: dist\village-pos-setup-<version>.exe
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1 [-InnoSetup PATH\ISCC.exe]
#
# On Windows 10/11 x64 with uv and Inno Setup 6.3 or later (winget install JRSoftware.InnoSetup;
# 6.5 and later include the Chinese installer texts).
# Steps: uv sync --group build, the PyInstaller one-folder build into dist\village-pos\, then
# ISCC on installers\windows\village-pos.iss.
param([string]$InnoSetup = "")

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

# Native programs report failure through their exit code only; stop at the first one.
function Invoke-Step([string]$What, [scriptblock]$Command) {
    Write-Host "== $What"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

function Find-Iscc {
    if ($InnoSetup) { return $InnoSetup }
    $onPath = Get-Command "ISCC.exe" -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
        (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
    )
    foreach ($c in $candidates) { if (Test-Path $c) { return $c } }
    throw "Inno Setup 6 not found: install it (winget install JRSoftware.InnoSetup) or pass -InnoSetup PATH\ISCC.exe"
}

$Iscc = Find-Iscc

# Chinese installer texts: part of Inno Setup from 6.5 on; for 6.3/6.4 put the
# ChineseSimplified.isl from https://jrsoftware.org/files/istrans/ next to this script.
$IsccArgs = @()
$shipped = Join-Path (Split-Path $Iscc) "Languages\ChineseSimplified.isl"
$downloaded = Join-Path $PSScriptRoot "ChineseSimplified.isl"
if (-not (Test-Path $shipped)) {
    if (-not (Test-Path $downloaded)) {
        throw "ChineseSimplified.isl not found in $(Split-Path $shipped) nor in $PSScriptRoot; " +
              "install Inno Setup 6.5+ or download it from https://jrsoftware.org/files/istrans/"
    }
    $IsccArgs += "/DChineseMessages=$downloaded"
}

Invoke-Step "uv sync --group build" { uv sync --group build }
Invoke-Step "PyInstaller" {
    uv run --group build pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller `
        installers\pyinstaller\village-pos.spec
}
$Version = (uv run python -c "import pos; print(pos.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read the version from pos/__init__.py" }
Invoke-Step "Inno Setup $Version" { & $Iscc "/DAppVersion=$Version" @IsccArgs "installers\windows\village-pos.iss" }
Write-Host "built $Root\dist\village-pos-setup-$Version.exe"

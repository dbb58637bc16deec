# Relais - diagnostic for ticket __RELAIS_TICKET__ (Windows).
#
# Gathers a description of this computer, the system's recent error events and the logs of the application
# named below, into text files in a temporary folder, then sends them to the ticket with the one-time link
# below. It changes nothing on this computer and needs no administrator rights.
# Run it: right-click the file, then "Run with PowerShell".

$ErrorActionPreference = 'Continue'
$Link = '__RELAIS_LINK__'
$App = '__RELAIS_APP__'
$MaxChars = 9000000  # each file stays under the upload's limit: the end of a log is what matters

$Out = Join-Path ([System.IO.Path]::GetTempPath()) ('relais-diagnose-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $Out -Force | Out-Null

function Write-Capped([string]$Path, [string]$Text) {
    if ($Text.Length -gt $MaxChars) { $Text = $Text.Substring($Text.Length - $MaxChars) }
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object System.Text.UTF8Encoding($false)))
}

function Section([string]$Title, [scriptblock]$Block) {
    $body = try { & $Block 2>&1 | Out-String -Width 200 } catch { $_.Exception.Message }
    "`r`n===== $Title`r`n$body"
}

Write-Host "Relais: gathering information for ticket __RELAIS_TICKET__..."
$system = @(
    Section 'collected' { (Get-Date).ToUniversalTime().ToString('u') }
    Section 'system' { Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, OSArchitecture, LastBootUpTime }
    Section 'computer' { Get-CimInstance Win32_ComputerSystem | Select-Object Manufacturer, Model, TotalPhysicalMemory }
    Section 'disks' { Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID, Size, FreeSpace }
    Section 'network' { Get-NetIPConfiguration | Select-Object InterfaceAlias, IPv4Address, DNSServer }
    Section 'processes (by CPU)' { Get-Process | Sort-Object CPU -Descending | Select-Object -First 25 Name, Id, CPU, WorkingSet }
) -join ''
Write-Capped (Join-Path $Out 'system.txt') $system

$since = (Get-Date).AddDays(-2)
$errors = Section 'recent error events (System, Application)' {
    Get-WinEvent -FilterHashtable @{ LogName = 'System', 'Application'; Level = 1, 2; StartTime = $since } -MaxEvents 500 |
        Format-List TimeCreated, LogName, ProviderName, Id, LevelDisplayName, Message
}
Write-Capped (Join-Path $Out 'errors.txt') $errors

$files = @((Join-Path $Out 'system.txt'), (Join-Path $Out 'errors.txt'))
if ($App) {
    $pattern = "*$App*"
    $application = @(
        Section "events naming $App" {
            Get-WinEvent -FilterHashtable @{ LogName = 'Application'; StartTime = $since } -MaxEvents 5000 |
                Where-Object { $_.ProviderName -like $pattern -or $_.Message -like $pattern } |
                Select-Object -First 300 | Format-List TimeCreated, ProviderName, Id, LevelDisplayName, Message
        }
        foreach ($root in @($env:LOCALAPPDATA, $env:APPDATA, $env:ProgramData)) {
            if (-not $root) { continue }
            Get-ChildItem -Path $root -Recurse -Depth 4 -File -Include *.log, *.txt -ErrorAction SilentlyContinue |
                Where-Object { $_.FullName -like $pattern } |
                Sort-Object LastWriteTime -Descending | Select-Object -First 5 |
                ForEach-Object { Section $_.FullName { Get-Content -LiteralPath $_.FullName -Tail 1000 } }
        }
    ) -join ''
    Write-Capped (Join-Path $Out 'application.txt') $application
    $files += (Join-Path $Out 'application.txt')
}

Write-Host "Relais: sending to ticket __RELAIS_TICKET__..."
try {
    if ($PSVersionTable.PSVersion.Major -ge 7) {
        $answer = Invoke-WebRequest -Uri $Link -Method Post -Headers @{ Accept = 'text/plain' } `
            -Form @{ files = @($files | ForEach-Object { Get-Item -LiteralPath $_ }) } -SkipHttpErrorCheck
        Write-Host $answer.Content
    } else {
        # Windows PowerShell 5.1: Invoke-WebRequest has no -Form; the same multipart request through .NET.
        Add-Type -AssemblyName System.Net.Http
        $client = New-Object System.Net.Http.HttpClient
        $client.DefaultRequestHeaders.Add('Accept', 'text/plain')
        $content = New-Object System.Net.Http.MultipartFormDataContent
        foreach ($file in $files) {
            $part = New-Object System.Net.Http.ByteArrayContent(, [System.IO.File]::ReadAllBytes($file))
            $part.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::Parse('text/plain')
            $content.Add($part, 'files', [System.IO.Path]::GetFileName($file))
        }
        $answer = $client.PostAsync($Link, $content).Result
        Write-Host $answer.Content.ReadAsStringAsync().Result
    }
} catch {
    Write-Host "Sending failed: $($_.Exception.Message). The files are in $Out: send them from the upload page."
    Read-Host 'Press Enter to close'
    exit 1
}
Remove-Item -LiteralPath $Out -Recurse -Force
Read-Host 'Press Enter to close'

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AuditTab</name>
    <message>
      <source>The audit log lists logins, failed PINs and every sensitive action. Nobody can change or delete its entries.</source>
      <translation>审计日志记录每次登录、输错的密码和所有敏感操作。任何人都不能修改或删除其中的记录。</translation>
    </message>
    <message>
      <source>Show the audit log (owner)</source>
      <translation>查看审计日志（店主）</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>操作员</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>see the audit log</source>
      <translation>查看审计日志</translation>
    </message>
  </context>
  <context>
    <name>DeviceSettingsPanel</name>
    <message>
      <source>wedge, or serial:/dev/ttyACM0@9600, serial:COM3</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source> ms</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Scanner</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Scanner:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Max. &amp;gap between keys:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Min. scan &amp;length:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Status:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>preview, file:/dev/usb/lp0, usb:0416:5011, serial:COM3, net:192.168.1.50, win32:POS-58, cups:POS58</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>58 mm (32 columns)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>80 mm (48 columns)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print text as &amp;images (printer has no Chinese font)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pin 2</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pin 5</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Open the drawer on &amp;cash sales</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt printer and cash drawer</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Printer:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pape&amp;r:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Pr&amp;ofile:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Encoding:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Drawer pin:</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Sa&amp;ve</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Test print</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Open dra&amp;wer (owner)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reference</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Tries</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Last error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Re&amp;print</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>&amp;Mark as printed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print queue</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>GeneralTab</name>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从不</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Lock the counter after no activity for</source>
      <translation>无操作自动锁屏时间</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>change the idle lock</source>
      <translation>修改自动锁屏时间</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>LoginPage</name>
    <message>
      <source>Enter your PIN and press Enter</source>
      <translation>请输入密码，按回车键登录</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Please wait {seconds} seconds.</source>
      <translation>密码错误次数太多，请等待 {seconds} 秒。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Village Station POS</source>
      <translation>村站收银</translation>
    </message>
  </context>
  <context>
    <name>OwnerPinDialog</name>
    <message>
      <source>Owner approval needed</source>
      <translation>需要店主授权</translation>
    </message>
    <message>
      <source>Only the owner may: {action}</source>
      <translation>只有店主可以：{action}</translation>
    </message>
    <message>
      <source>Owner, please enter your PIN:</source>
      <translation>请店主输入密码：</translation>
    </message>
  </context>
  <context>
    <name>PendingPage</name>
    <message>
      <source>This part of Village Station POS is not available yet.</source>
      <translation>此功能尚未开放，将在后续版本中提供。</translation>
    </message>
  </context>
  <context>
    <name>ReceiptPreviewDialog</name>
    <message>
      <source>Receipt preview</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Close</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{width} dots wide, as printed</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>站点</translation>
    </message>
    <message>
      <source>Users</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Language and security</source>
      <translation>语言与安全</translation>
    </message>
    <message>
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
  </context>
  <context>
    <name>SetupPage</name>
    <message>
      <source>Welcome! Let's set up your service station</source>
      <translation>欢迎！请先设置您的服务站</translation>
    </message>
    <message>
      <source>You only do this once. Fields marked * are required.</source>
      <translation>只需设置一次。带 * 的项目必须填写。</translation>
    </message>
    <message>
      <source>e.g. Qingshui Village Service Station</source>
      <translation>例如：清水村电商服务站</translation>
    </message>
    <message>
      <source>4 to 8 digits</source>
      <translation>4 到 8 位数字</translation>
    </message>
    <message>
      <source>Station name *</source>
      <translation>站点名称 *</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Station phone</source>
      <translation>站点电话</translation>
    </message>
    <message>
      <source>Owner's name *</source>
      <translation>店主姓名 *</translation>
    </message>
    <message>
      <source>Owner's PIN *</source>
      <translation>店主密码 *</translation>
    </message>
    <message>
      <source>PIN again *</source>
      <translation>再次输入密码 *</translation>
    </message>
    <message>
      <source>Create station (Enter)</source>
      <translation>创建站点（回车）</translation>
    </message>
    <message>
      <source>The two PINs are not the same.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>StationStatusBar</name>
    <message>
      <source>preview (no printer)</source>
      <translation>预览（未接打印机）</translation>
    </message>
    <message>
      <source>keyboard scanner</source>
      <translation>键盘式扫码枪</translation>
    </message>
    <message>
      <source>Station: {name}</source>
      <translation>站点：{name}</translation>
    </message>
    <message>
      <source>Not logged in</source>
      <translation>未登录</translation>
    </message>
    <message>
      <source>owner</source>
      <translation>店主</translation>
    </message>
    <message>
      <source>assistant</source>
      <translation>店员</translation>
    </message>
    <message>
      <source>Operator: {name} ({role})</source>
      <translation>操作员：{name}（{role}）</translation>
    </message>
    <message>
      <source>Printer: {status}</source>
      <translation>打印机：{status}</translation>
    </message>
    <message>
      <source>Scanner: {status}</source>
      <translation>扫码枪：{status}</translation>
    </message>
  </context>
  <context>
    <name>StationTab</name>
    <message>
      <source>Station name</source>
      <translation>站点名称</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Station phone</source>
      <translation>站点电话</translation>
    </message>
    <message>
      <source>Save station details</source>
      <translation>保存站点信息</translation>
    </message>
    <message>
      <source>change the station's details</source>
      <translation>修改站点信息</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>UserDialog</name>
    <message>
      <source>4 to 8 digits</source>
      <translation>4 到 8 位数字</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>再次输入密码</translation>
    </message>
    <message>
      <source>The two PINs are not the same.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>UsersTab</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Add assistant…</source>
      <translation>添加店员…</translation>
    </message>
    <message>
      <source>Change PIN…</source>
      <translation>修改密码…</translation>
    </message>
    <message>
      <source>Deactivate / reactivate</source>
      <translation>停用 / 启用</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>店主</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>店员</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>在用</translation>
    </message>
    <message>
      <source>Deactivated</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Reactivate</source>
      <translation>重新启用</translation>
    </message>
    <message>
      <source>Deactivate</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>add an assistant</source>
      <translation>添加店员</translation>
    </message>
    <message>
      <source>Add assistant</source>
      <translation>添加店员</translation>
    </message>
    <message>
      <source>change a PIN</source>
      <translation>修改密码</translation>
    </message>
    <message>
      <source>New PIN for {name}</source>
      <translation>为 {name} 设置新密码</translation>
    </message>
    <message>
      <source>deactivate or reactivate a user</source>
      <translation>停用或启用用户</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>Log out
Ctrl+L</source>
      <translation>退出登录
Ctrl+L</translation>
    </message>
  </context>
  <context>
    <name>cli</name>
    <message>
      <source>Station '{station}' created with owner {owner}. Data folder: {folder}</source>
      <translation>站点“{station}”已创建，店主：{owner}。数据文件夹：{folder}</translation>
    </message>
  </context>
  <context>
    <name>crash</name>
    <message>
      <source>Something went wrong</source>
      <translation>出错了</translation>
    </message>
    <message>
      <source>Sorry, the app ran into a problem it did not expect. What you were doing was not saved; everything saved before is safe.

Details are in the log file:
{path}</source>
      <translation>抱歉，程序遇到了意外问题。刚才的操作没有保存；之前保存的数据都完好无损。

详细信息在日志文件中：
{path}</translation>
    </message>
  </context>
  <context>
    <name>devices</name>
    <message>
      <source>Open the cash drawer without a sale</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>connected ({port})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not found on {port}, reconnecting…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>keyboard mode</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>waiting</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>printing</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>printed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>check paper: printed or not?</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>cannot print</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>receipt</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>test page</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>open drawer</source>
      <translation type="unfinished" />
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <source>The station database {path} is damaged or unreadable ({detail}).</source>
      <translation>站点数据库 {path} 已损坏或无法读取（{detail}）。</translation>
    </message>
    <message>
      <source>The database was written by a newer version of Village Station POS ({revision}). Please install that version or newer.</source>
      <translation>此数据库由更新版本的村站收银写入（{revision}）。请安装该版本或更新的版本。</translation>
    </message>
    <message>
      <source>The database cannot be opened: {detail}</source>
      <translation>无法打开数据库：{detail}</translation>
    </message>
    <message>
      <source>Printer is off or unplugged</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown printer '{spec}': use preview, file:PATH, usb:VID:PID, serial:PORT[@BAUD], net:HOST[:PORT], win32:QUEUE or cups:QUEUE</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>'{kind}:' needs a name after the colon, for example {example}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>USB printers are given as usb:VID:PID in hex, for example usb:0416:5011</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>USB vendor and product ids cannot be 0</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Give the printer's address, for example net:192.168.1.50 or net:192.168.1.50:9100</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A network port is a number from 1 to 65535</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Baud rate {baud} is not supported; use one of {rates}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Give a serial port, for example serial:/dev/ttyACM0 or serial:COM3</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown scanner '{spec}': use 'wedge' (keyboard) or 'serial:PORT[@BAUD]'</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot write to printer {path}: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Printer did not take the job: {reason}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This computer cannot use '{kind}' printers: {package} is not installed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The product barcode is empty.</source>
      <translation>商品条码为空。</translation>
    </message>
    <message>
      <source>'{code}' contains characters a product barcode does not use: {chars}.</source>
      <translation>“{code}”含有商品条码不会使用的字符：{chars}。</translation>
    </message>
    <message>
      <source>'{code}' has {length} digits; a product barcode has 8, 12 or 13.</source>
      <translation>“{code}”有 {length} 位数字；商品条码应为 8、12 或 13 位。</translation>
    </message>
    <message>
      <source>The check digit of barcode '{code}' is wrong; scan it again or type it carefully.</source>
      <translation>条码“{code}”的校验位不对，请重新扫描或仔细输入。</translation>
    </message>
    <message>
      <source>The carrier rule file {file} cannot be read: {problem}.</source>
      <translation>无法读取快递规则文件 {file}：{problem}。</translation>
    </message>
    <message>
      <source>The carrier rule file {file} has a mistake in {rule}: {problem}.</source>
      <translation>快递规则文件 {file} 中的 {rule} 有错误：{problem}。</translation>
    </message>
    <message>
      <source>'{text}' is not an amount of money (for example 12.50)</source>
      <translation>“{text}”不是有效金额（例如 12.50）</translation>
    </message>
    <message>
      <source>The mobile number is empty.</source>
      <translation>手机号为空。</translation>
    </message>
    <message>
      <source>'{phone}' is not a mobile number: use digits only.</source>
      <translation>“{phone}”不是手机号：只能输入数字。</translation>
    </message>
    <message>
      <source>'{phone}' is not a mobile number: a mobile number has 11 digits.</source>
      <translation>“{phone}”不是手机号：手机号应为 11 位。</translation>
    </message>
    <message>
      <source>'{phone}' is not a mainland China mobile number: those start with 13 to 19.</source>
      <translation>“{phone}”不是中国大陆手机号：大陆手机号以 13 到 19 开头。</translation>
    </message>
    <message>
      <source>The phone number on the label is empty.</source>
      <translation>面单上的电话号码为空。</translation>
    </message>
    <message>
      <source>'{phone}' is not a masked mobile number such as 138****5678.</source>
      <translation>“{phone}”不是 138****5678 这样的隐藏手机号。</translation>
    </message>
    <message>
      <source>'{phone}' does not show the last four digits of the phone number.</source>
      <translation>“{phone}”没有显示手机号的后四位。</translation>
    </message>
    <message>
      <source>The phone number is empty.</source>
      <translation>电话号码为空。</translation>
    </message>
    <message>
      <source>'{phone}' is not a phone number; type a mobile number, or a landline with its area code such as 0571-88886666.</source>
      <translation>“{phone}”不是电话号码；请输入手机号，或带区号的固定电话，例如 0571-88886666。</translation>
    </message>
    <message>
      <source>The PIN must be 4 to 8 digits.</source>
      <translation>密码必须是 4 到 8 位数字。</translation>
    </message>
    <message>
      <source>A barcode can only hold letters, digits and ASCII signs: {data}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Please enter the station's name.</source>
      <translation>请填写站点名称。</translation>
    </message>
    <message>
      <source>The station's name is too long (100 characters at most).</source>
      <translation>站点名称太长（最多 100 个字）。</translation>
    </message>
    <message>
      <source>The address is too long (200 characters at most).</source>
      <translation>地址太长（最多 200 个字）。</translation>
    </message>
    <message>
      <source>'{phone}' is not a phone number.</source>
      <translation>“{phone}”不是有效的电话号码。</translation>
    </message>
    <message>
      <source>Please enter a name.</source>
      <translation>请填写姓名。</translation>
    </message>
    <message>
      <source>The name is too long (50 characters at most).</source>
      <translation>姓名太长（最多 50 个字）。</translation>
    </message>
    <message>
      <source>The waybill number is empty.</source>
      <translation>运单号为空。</translation>
    </message>
    <message>
      <source>'{code}' is the sort code printed on the label, not the waybill number; scan the long barcode instead.</source>
      <translation>“{code}”是面单上印的三段码（分拣码），不是运单号；请扫描长条码。</translation>
    </message>
    <message>
      <source>'{code}' contains characters no waybill number uses: {chars}.</source>
      <translation>“{code}”含有运单号不会使用的字符：{chars}。</translation>
    </message>
    <message>
      <source>'{code}' has {length} characters; a waybill number has {min} to {max}.</source>
      <translation>“{code}”有 {length} 位；运单号应为 {min} 到 {max} 位。</translation>
    </message>
    <message>
      <source>'{code}' has too few digits to be a waybill number.</source>
      <translation>“{code}”数字太少，不是运单号。</translation>
    </message>
    <message>
      <source>The check digit of the postal number '{code}' is wrong; check the number on the label and enter it again.</source>
      <translation>邮件号“{code}”的校验位不对，请核对面单上的号码后重新输入。</translation>
    </message>
    <message>
      <source>'{code}' looks like a waybill number of {carrier_en} but has {length} characters instead of {expected}; check the number on the label.</source>
      <translation>“{code}”看起来是{carrier_zh}的运单号，但有 {length} 位，应为 {expected} 位；请核对面单上的号码。</translation>
    </message>
    <message>
      <source>'{code}' looks like a waybill number of {carrier_en} but does not match its format; check the number on the label.</source>
      <translation>“{code}”看起来是{carrier_zh}的运单号，但格式不符；请核对面单上的号码。</translation>
    </message>
    <message>
      <source>Matches the {carrier_en} number format (rule {rule}).</source>
      <translation>符合{carrier_zh}的单号格式（规则 {rule}）。</translation>
    </message>
    <message>
      <source>The check digit is right for this carrier.</source>
      <translation>校验位符合该快递公司的规则。</translation>
    </message>
    <message>
      <source>The check digit is wrong for this carrier.</source>
      <translation>校验位不符合该快递公司的规则。</translation>
    </message>
    <message>
      <source>Chosen at this station before for {length}-character numbers starting with {start}.</source>
      <translation>本站以前为以 {start} 开头的 {length} 位单号选过该快递公司。</translation>
    </message>
    <message>
      <source>'{code}' is a product barcode, not a waybill number; scan the barcode of the waybill number on the parcel label.</source>
      <translation>“{code}”是商品条码，不是运单号；请扫描快递面单上运单号的条码。</translation>
    </message>
    <message>
      <source>No rule knows this number; choose the carrier.</source>
      <translation>没有规则能识别该单号，请选择快递公司。</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Login is locked for {seconds} more seconds.</source>
      <translation>密码错误次数太多，登录已锁定，还需等待 {seconds} 秒。</translation>
    </message>
    <message>
      <source>Wrong PIN. {remaining} tries left before login is locked for a minute.</source>
      <translation>密码错误。再错 {remaining} 次，登录将锁定一分钟。</translation>
    </message>
    <message>
      <source>That is not the owner's PIN.</source>
      <translation>这不是店主的密码。</translation>
    </message>
    <message>
      <source>The owner cannot be deactivated.</source>
      <translation>不能停用店主。</translation>
    </message>
    <message>
      <source>That user no longer exists.</source>
      <translation>该用户已不存在。</translation>
    </message>
    <message>
      <source>Another user already has this PIN; please choose a different one.</source>
      <translation>其他用户已在使用这个密码，请换一个。</translation>
    </message>
    <message>
      <source>Only the owner can manage users.</source>
      <translation>只有店主可以管理用户。</translation>
    </message>
    <message>
      <source>Key gap must be between 5 and 500 ms</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Minimum scan length must be between 2 and 100</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Paper is 58 mm or 80 mm</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown text encoding {encoding}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown printer profile {profile}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Drawer pin is 2 or 5</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Print job {id} does not exist</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The app stopped while this was printing; check the paper</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This data folder already has a station ({name}); nothing was changed.</source>
      <translation>此数据文件夹中已有站点（{name}），未做任何更改。</translation>
    </message>
    <message>
      <source>Only the owner can change the station's details.</source>
      <translation>只有店主可以修改站点信息。</translation>
    </message>
  </context>
  <context>
    <name>messages</name>
    <message>
      <source>Cannot do that</source>
      <translation>无法完成操作</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <source>Parcel check-in</source>
      <translation>包裹入库</translation>
    </message>
    <message>
      <source>Scan each parcel's waybill, enter the villager's phone, and shelve it under a pickup code; the villager gets a notice.</source>
      <translation>扫描每个包裹的运单号，输入村民的手机号，按取件码上架；村民会收到到件通知。</translation>
    </message>
    <message>
      <source>Pickup</source>
      <translation>取件</translation>
    </message>
    <message>
      <source>Find a villager's parcels by pickup code, phone or name, scan each one to hand it over.</source>
      <translation>按取件码、手机号或姓名查找村民的包裹，逐个扫码后交给村民。</translation>
    </message>
    <message>
      <source>Assisted purchases</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>Order goods online for villagers, take payment, and follow each order until it is collected.</source>
      <translation>帮村民在网上下单、收款，并跟踪每笔订单直到取货。</translation>
    </message>
    <message>
      <source>Sales</source>
      <translation>收银</translation>
    </message>
    <message>
      <source>Sell goods and services at the counter, take cash or mobile payment, and print the receipt.</source>
      <translation>在柜台销售商品和服务，收取现金或移动支付，并打印小票。</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>交班</translation>
    </message>
    <message>
      <source>Open the cash drawer with a float, count it at the end of the day, and print the shift reports.</source>
      <translation>开班时录入备用金，日终清点钱箱，并打印交班报表。</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>报表</translation>
    </message>
    <message>
      <source>Daily and monthly reports of parcels, purchases and sales, as PDF and charts.</source>
      <translation>包裹、代购和销售的日报与月报，提供 PDF 和图表。</translation>
    </message>
    <message>
      <source>Villagers</source>
      <translation>村民</translation>
    </message>
    <message>
      <source>The villager register: names, phones, village groups, accounts and each villager's history.</source>
      <translation>村民档案：姓名、电话、村民小组、赊账余额以及每位村民的历史记录。</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
  </context>
  <context>
    <name>startup</name>
    <message>
      <source>Cannot start</source>
      <translation>无法启动</translation>
    </message>
    <message>
      <source>The data folder {path} cannot be written: {reason}</source>
      <translation>无法写入数据文件夹 {path}：{reason}</translation>
    </message>
    <message>
      <source>Already running</source>
      <translation>程序已在运行</translation>
    </message>
    <message>
      <source>Village Station POS is already running for the data folder {path}. Please use the open window.</source>
      <translation>村站收银已经在使用数据文件夹 {path} 运行，请使用已打开的窗口。</translation>
    </message>
    <message>
      <source>Database damaged</source>
      <translation>数据库已损坏</translation>
    </message>
    <message>
      <source>No backup was found. Nothing has been changed; please ask for help and keep the data folder as it is.</source>
      <translation>没有找到备份。没有做任何更改；请寻求技术帮助，并保持数据文件夹原样。</translation>
    </message>
    <message>
      <source>Restore the newest good backup ({name})? The damaged file is kept in the backups folder.</source>
      <translation>是否恢复最新的完好备份（{name}）？损坏的文件会保存在备份文件夹中。</translation>
    </message>
    <message>
      <source>Database missing</source>
      <translation>找不到数据库</translation>
    </message>
    <message>
      <source>The station database {path} is missing, but there are backups. Restore the newest backup ({name})?

Choose No only to start a new, empty station.</source>
      <translation>找不到站点数据库 {path}，但有备份。是否恢复最新的备份（{name}）？

只有在要新建一个空站点时才选择“否”。</translation>
    </message>
  </context>
</TS>

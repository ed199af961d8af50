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
    <name>AwaitingTable</name>
    <message>
      <source>Scanned</source>
      <translation>扫描时间</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
  </context>
  <context>
    <name>BackupTab</name>
    <message>
      <source>The database is backed up at every shift close and once a day at start. The newest {keep} of these are kept in each folder; copies made before an upgrade or a restore are kept too (an upgrade tried again keeps only its newest copy).</source>
      <translation>每次交班和每天第一次启动时都会备份数据库。每个文件夹保留最新的 {keep} 份；升级前和恢复前的备份也会保留（同一次升级重试时只保留最新的一份）。</translation>
    </message>
    <message>
      <source>Folder: {path}</source>
      <translation>文件夹：{path}</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>&amp;Back up now</source>
      <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
      <source>&amp;Restore selected…</source>
      <translation>恢复所选备份(&amp;R)…</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>未设置</translation>
    </message>
    <message>
      <source>C&amp;hoose…</source>
      <translation>选择(&amp;H)…</translation>
    </message>
    <message>
      <source>Do not copy</source>
      <translation>不复制</translation>
    </message>
    <message>
      <source>Second folder (USB stick)</source>
      <translation>第二备份文件夹（U 盘）</translation>
    </message>
    <message>
      <source>This station uses PostgreSQL: backups are made with pg_dump. To restore one, close the app on every counter and run village-pos restore FILE on the main PC.</source>
      <translation>本服务站使用 PostgreSQL：备份由 pg_dump 完成。要恢复备份，请在每台收银机上关闭收银系统，然后在主电脑上运行 village-pos restore 文件。</translation>
    </message>
    <message>
      <source>Daily</source>
      <translation>每日</translation>
    </message>
    <message>
      <source>Shift close</source>
      <translation>交班</translation>
    </message>
    <message>
      <source>By hand</source>
      <translation>手动</translation>
    </message>
    <message>
      <source>Before a restore</source>
      <translation>恢复前</translation>
    </message>
    <message>
      <source>Before an upgrade</source>
      <translation>升级前</translation>
    </message>
    <message>
      <source>Damaged database that was replaced</source>
      <translation>被替换的损坏数据库</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>Backing up the database…</source>
      <translation>正在备份数据库…</translation>
    </message>
    <message>
      <source>Restore a backup</source>
      <translation>恢复备份</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>restore a backup</source>
      <translation>恢复备份</translation>
    </message>
    <message>
      <source>Replace the station database with the backup of {time}? Everything recorded after it is undone. The current database is kept as a backup first. The app closes afterwards: start it again.</source>
      <translation>用 {time} 的备份替换站点数据库吗？此后记录的所有内容都将撤销。当前数据库会先另存为备份。恢复后程序将关闭，请重新启动。</translation>
    </message>
    <message>
      <source>Restoring…</source>
      <translation>正在恢复…</translation>
    </message>
    <message>
      <source>Restored from {name}. The app closes now: please start it again.</source>
      <translation>已从 {name} 恢复。程序现在关闭，请重新启动。</translation>
    </message>
    <message>
      <source>Second backup folder</source>
      <translation>第二备份文件夹</translation>
    </message>
    <message>
      <source>change where backups are copied</source>
      <translation>更改备份复制位置</translation>
    </message>
    <message>
      <source>Backups will also be copied to {folder}.</source>
      <translation>备份还会复制到 {folder}。</translation>
    </message>
    <message>
      <source>Backups are kept in the data folder only.</source>
      <translation>备份只保存在数据文件夹中。</translation>
    </message>
  </context>
  <context>
    <name>BalanceDialog</name>
    <message>
      <source>Payment received on account</source>
      <translation>收到还款</translation>
    </message>
    <message>
      <source>Adjust the balance (owner)</source>
      <translation>调整欠款余额（店主）</translation>
    </message>
    <message>
      <source>{name}: {balance}</source>
      <translation>{name}：{balance}</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment (WeChat, Alipay)</source>
      <translation>移动支付（微信、支付宝）</translation>
    </message>
    <message>
      <source>amount paid, for example 50</source>
      <translation>还款金额，例如 50</translation>
    </message>
    <message>
      <source>Amount paid</source>
      <translation>还款金额</translation>
    </message>
    <message>
      <source>Paid by</source>
      <translation>付款方式</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>+20 owes more, -20 owes less</source>
      <translation>+20 表示多欠，-20 表示少欠</translation>
    </message>
    <message>
      <source>required, for example: old account book</source>
      <translation>必填，例如：旧账本结转</translation>
    </message>
    <message>
      <source>Change in balance</source>
      <translation>余额变动</translation>
    </message>
    <message>
      <source>Reason *</source>
      <translation>原因 *</translation>
    </message>
    <message>
      <source>Afterwards</source>
      <translation>调整后</translation>
    </message>
  </context>
  <context>
    <name>CarrierPickerDialog</name>
    <message>
      <source>Which carrier?</source>
      <translation>哪家快递？</translation>
    </message>
    <message>
      <source>Waybill {number}: choose the carrier. The choice is remembered for numbers that start the same way.</source>
      <translation>运单 {number}：请选择快递公司。以后开头相同的单号会记住这个选择。</translation>
    </message>
    <message>
      <source>{carrier}: not one of the carriers above</source>
      <translation>{carrier}：不是上面这些快递</translation>
    </message>
    <message>
      <source>{carrier}: {confidence}% ({reasons})</source>
      <translation>{carrier}：{confidence}%（{reasons}）</translation>
    </message>
  </context>
  <context>
    <name>CartTable</name>
    <message>
      <source>Item</source>
      <translation>品名</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>折扣</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>  (only {stock} in stock)</source>
      <translation>（库存仅 {stock}）</translation>
    </message>
  </context>
  <context>
    <name>CashMoveDialog</name>
    <message>
      <source>Cash in</source>
      <translation>存入现金</translation>
    </message>
    <message>
      <source>Cash out</source>
      <translation>取出现金</translation>
    </message>
    <message>
      <source>Change from the bank</source>
      <translation>从银行换的零钱</translation>
    </message>
    <message>
      <source>Float top-up</source>
      <translation>补充备用金</translation>
    </message>
    <message>
      <source>Paid to the bank</source>
      <translation>存入银行</translation>
    </message>
    <message>
      <source>Paid a courier</source>
      <translation>付给快递员</translation>
    </message>
    <message>
      <source>Bought supplies</source>
      <translation>购买用品</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>CashReceivedDialog</name>
    <message>
      <source>Cash received</source>
      <translation>实收现金</translation>
    </message>
    <message>
      <source>To pay: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>Cash &amp;received (yuan)</source>
      <translation>实收现金（元）(&amp;R)</translation>
    </message>
    <message>
      <source>Place the order (Enter)</source>
      <translation>下单（回车）</translation>
    </message>
    <message>
      <source>Still to pay: {amount}</source>
      <translation>还差：{amount}</translation>
    </message>
    <message>
      <source>Change: {amount}</source>
      <translation>找零：{amount}</translation>
    </message>
    <message>
      <source>{short} is still to be paid.</source>
      <translation>还差 {short} 未付。</translation>
    </message>
  </context>
  <context>
    <name>CheckinPage</name>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>Check in the parcel: its waybill goes into the scan field wherever the cursor is</source>
      <translation>入库包裹：无论光标在哪里，运单号都会进入扫码框</translation>
    </message>
    <message>
      <source>Confirm the phone and name, shelve the parcel and print its label</source>
      <translation>确认手机号和姓名，上架并打印标签</translation>
    </message>
    <message>
      <source>Undo the last check-in (with the waybill field empty)</source>
      <translation>撤销上一次入库（运单号框为空时）</translation>
    </message>
    <message>
      <source>Batch mode on or off: scan a pile first, add phones later</source>
      <translation>批量模式开关：先扫一堆包裹，稍后再补手机号</translation>
    </message>
    <message>
      <source>Go to the parcels still waiting for a phone number</source>
      <translation>转到还缺手机号的包裹</translation>
    </message>
    <message>
      <source>Change the carrier of the parcel being checked in</source>
      <translation>更改正在入库的包裹的快递公司</translation>
    </message>
    <message>
      <source>Print the last label again</source>
      <translation>重新打印上一张标签</translation>
    </message>
    <message>
      <source>Arrival notices: send, copy for WeChat, mark sent</source>
      <translation>到件通知：发送、复制到微信、标记已发送</translation>
    </message>
    <message>
      <source>{waybill} is already scanned and waits for its phone number; nothing recorded.</source>
      <translation>{waybill} 已扫描过，正在等待补录手机号；本次未记录。</translation>
    </message>
    <message>
      <source>{waybill} is already here: {code} ({name} {phone}); nothing recorded.</source>
      <translation>{waybill} 已在站内：{code}（{name} {phone}）；本次未记录。</translation>
    </message>
    <message>
      <source>{waybill} not checked in.</source>
      <translation>{waybill} 未入库。</translation>
    </message>
    <message>
      <source>{waybill} ({carrier}) scanned; type its phone later.</source>
      <translation>{waybill}（{carrier}）已扫描，稍后补录手机号。</translation>
    </message>
    <message>
      <source>{waybill} · {carrier}</source>
      <translation>{waybill} · {carrier}</translation>
    </message>
    <message>
      <source>The recipient comes from the county's manifest: press Enter to check in.</source>
      <translation>收件人信息来自县级中心的配送清单：按回车键即可入库。</translation>
    </message>
    <message>
      <source>{waybill} checked in: {code}. Notice queued.</source>
      <translation>{waybill} 已入库：{code}。已加入待发通知。</translation>
    </message>
    <message>
      <source>Label {code} printed again.</source>
      <translation>已重新打印标签 {code}。</translation>
    </message>
    <message>
      <source>Undo check-in</source>
      <translation>撤销入库</translation>
    </message>
    <message>
      <source>Undo the check-in of {waybill} ({code})? Remove its label from the parcel.</source>
      <translation>撤销 {waybill}（{code}）的入库？请把包裹上的标签撕掉。</translation>
    </message>
    <message>
      <source>awaiting phone</source>
      <translation>待补手机号</translation>
    </message>
    <message>
      <source>Check-in of {waybill} undone.</source>
      <translation>已撤销 {waybill} 的入库。</translation>
    </message>
    <message>
      <source>Batch mode: each scan is recorded at once, awaiting its phone.</source>
      <translation>批量模式：每次扫描立即记录，等待补录手机号。</translation>
    </message>
  </context>
  <context>
    <name>CloseShiftDialog</name>
    <message>
      <source>Close shift {number}</source>
      <translation>交班 {number}</translation>
    </message>
    <message>
      <source>Note or coin</source>
      <translation>面额</translation>
    </message>
    <message>
      <source>Pieces</source>
      <translation>张数/枚数</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Notes and coins of one value may be added: 12+30</source>
      <translation>同一面额的纸币和硬币可以相加输入：12+30</translation>
    </message>
    <message>
      <source>Expected in drawer: {amount}</source>
      <translation>钱箱应有：{amount}</translation>
    </message>
    <message>
      <source>Reason for the variance</source>
      <translation>差额原因</translation>
    </message>
    <message>
      <source>Close shift</source>
      <translation>交班</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Count the cash in the drawer. Tab or Enter moves to the next line.</source>
      <translation>清点钱箱中的现金。按 Tab 或回车键进入下一行。</translation>
    </message>
    <message>
      <source>Cash by kind</source>
      <translation>现金按类别</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Counted: {amount}</source>
      <translation>实点：{amount}</translation>
    </message>
    <message>
      <source>Variance: {amount}</source>
      <translation>差额：{amount}</translation>
    </message>
    <message>
      <source>The variance is more than {limit}: the owner must approve this close.</source>
      <translation>差额超过 {limit}：须由站长批准交班。</translation>
    </message>
    <message>
      <source>Please say why the count differs from what was expected.</source>
      <translation>请说明实点金额与应有金额不符的原因。</translation>
    </message>
    <message>
      <source>close a shift with a large variance</source>
      <translation>在差额较大时交班</translation>
    </message>
    <message>
      <source>The owner did not approve: the shift is still open.</source>
      <translation>站长没有批准：班次仍未交班。</translation>
    </message>
  </context>
  <context>
    <name>CollectionTab</name>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Parcel</source>
      <translation>包裹</translation>
    </message>
    <message>
      <source>To</source>
      <translation>寄往</translation>
    </message>
    <message>
      <source>kg</source>
      <translation>公斤</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Courier of</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>On the handover list</source>
      <translation>交接单上的包裹</translation>
    </message>
    <message>
      <source>Still at the station</source>
      <translation>仍在站内的包裹</translation>
    </message>
    <message>
      <source>Alt+O starts the collection: then scan each parcel the courier takes.</source>
      <translation>Alt+O 开始揽收，然后逐件扫描快递员取走的包裹。</translation>
    </message>
    <message>
      <source>List {number}: {n} parcels, {kg} kg. Scan the next one; Alt+S prints the list for the courier to sign and closes it.</source>
      <translation>交接单 {number}：{n} 件，{kg} 公斤。继续扫描；Alt+S 打印交接单给快递员签字并结束。</translation>
    </message>
  </context>
  <context>
    <name>ConsentDialog</name>
    <message>
      <source>Delivery consent: {name}</source>
      <translation>送货上门同意记录：{name}</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>同意</translation>
    </message>
    <message>
      <source>How</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Recorded by</source>
      <translation>记录人</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Given</source>
      <translation>同意</translation>
    </message>
    <message>
      <source>Withdrawn</source>
      <translation>撤回</translation>
    </message>
    <message>
      <source>Gives consent</source>
      <translation>同意送货上门</translation>
    </message>
    <message>
      <source>Withdraws consent</source>
      <translation>撤回同意</translation>
    </message>
    <message>
      <source>for example: form kept in the blue folder</source>
      <translation>例如：签字表放在蓝色文件夹</translation>
    </message>
    <message>
      <source>&amp;New entry</source>
      <translation>新记录(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;How</source>
      <translation>方式(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Date</source>
      <translation>日期(&amp;D)</translation>
    </message>
    <message>
      <source>N&amp;ote</source>
      <translation>备注(&amp;O)</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>CounterNameDialog</name>
    <message>
      <source>Which counter is this?</source>
      <translation>这是哪个收银台？</translation>
    </message>
    <message>
      <source>This PC shares the station's database with other counters. Give it a name the staff will recognise (for example 收银台2); receipts print here, and this counter's cash drawer has its own shifts.</source>
      <translation>这台电脑与其他收银台共用服务站的数据库。请起一个大家都认得的名字（例如 收银台2）；这里办理的小票在这里打印，这个收银台的钱箱单独交班。</translation>
    </message>
    <message>
      <source>Counter &amp;name:</source>
      <translation>收银台名称(&amp;N)：</translation>
    </message>
  </context>
  <context>
    <name>CountySync</name>
    <message>
      <source>County: key revoked, ask the county centre</source>
      <translation>县级中心：站点密钥已被吊销，请联系县级中心</translation>
    </message>
    <message>
      <source>County: not synced yet</source>
      <translation>县级中心：尚未同步</translation>
    </message>
    <message>
      <source>County: last sync {time}</source>
      <translation>县级中心：上次同步 {time}</translation>
    </message>
    <message>
      <source> (offline, {n} changes waiting)</source>
      <translation>（离线，{n} 条变更待上传）</translation>
    </message>
  </context>
  <context>
    <name>CountyTab</name>
    <message>
      <source>Link this station to its county operations centre with the address and the one-time code the county gave you. The station then sends what it records in the background (phones and names masked) and receives manifests.</source>
      <translation>使用县级中心提供的地址和一次性关联码，将本站关联到县级运营中心。之后本站会在后台上传业务记录（电话和姓名已脱敏），并接收配送清单。</translation>
    </message>
    <message>
      <source>&amp;Link</source>
      <translation>关联(&amp;L)</translation>
    </message>
    <message>
      <source>S&amp;ync now</source>
      <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
      <source>&amp;Unlink…</source>
      <translation>解除关联(&amp;U)…</translation>
    </message>
    <message>
      <source>County centre address</source>
      <translation>县级中心地址</translation>
    </message>
    <message>
      <source>Enrolment code</source>
      <translation>关联码</translation>
    </message>
    <message>
      <source>Not linked to a county centre.</source>
      <translation>尚未关联县级中心。</translation>
    </message>
    <message>
      <source>not yet</source>
      <translation>尚未同步</translation>
    </message>
    <message>
      <source>Linked to {url} as {name}.</source>
      <translation>已关联到 {url}，站点名称：{name}。</translation>
    </message>
    <message>
      <source>Last successful sync: {time}. Changes still to send: {n}.</source>
      <translation>上次成功同步：{time}。待上传变更：{n} 条。</translation>
    </message>
    <message>
      <source>The county revoked this station's key: ask the county centre for a new code, then link again.</source>
      <translation>县级中心已吊销本站密钥：请向县级中心索取新的关联码，然后重新关联。</translation>
    </message>
    <message>
      <source>Last problem: {reason}</source>
      <translation>最近的问题：{reason}</translation>
    </message>
    <message>
      <source>Set by the county (not changed here): {keys}</source>
      <translation>由县级中心设定（本站不能修改）：{keys}</translation>
    </message>
    <message>
      <source>Type the county centre's address and the enrolment code.</source>
      <translation>请输入县级中心地址和关联码。</translation>
    </message>
    <message>
      <source>link the station to a county centre</source>
      <translation>将本站关联到县级中心</translation>
    </message>
    <message>
      <source>Linking…</source>
      <translation>正在关联…</translation>
    </message>
    <message>
      <source>Linked as {name}. Everything the station holds is now being sent.</source>
      <translation>已关联，站点名称：{name}。正在上传本站全部数据。</translation>
    </message>
    <message>
      <source>Linking failed: {reason}</source>
      <translation>关联失败：{reason}</translation>
    </message>
    <message>
      <source>Syncing in the background.</source>
      <translation>正在后台同步。</translation>
    </message>
    <message>
      <source>unlink the station from the county centre</source>
      <translation>解除本站与县级中心的关联</translation>
    </message>
    <message>
      <source>Unlink</source>
      <translation>解除关联</translation>
    </message>
    <message>
      <source>Stop syncing with the county centre and forget the station key? Changes not yet sent stay at the station only.</source>
      <translation>停止与县级中心同步并删除站点密钥？尚未上传的变更将只保留在本站。</translation>
    </message>
    <message>
      <source>Unlinked.</source>
      <translation>已解除关联。</translation>
    </message>
  </context>
  <context>
    <name>Dashboard</name>
    <message>
      <source>Parcels received</source>
      <translation>入库包裹</translation>
    </message>
    <message>
      <source>Parcels handed over</source>
      <translation>取件数</translation>
    </message>
    <message>
      <source>Parcels in stock</source>
      <translation>在库包裹</translation>
    </message>
    <message>
      <source>Overdue parcels</source>
      <translation>超期包裹</translation>
    </message>
    <message>
      <source>Net sales</source>
      <translation>销售净额</translation>
    </message>
    <message>
      <source>Purchases placed</source>
      <translation>代购下单</translation>
    </message>
    <message>
      <source>last 30 days</source>
      <translation>近 30 天</translation>
    </message>
    <message>
      <source>Parcels per day ({span})</source>
      <translation>每日包裹数（{span}）</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>Handed over</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>Sales per day ({span})</source>
      <translation>每日销售额（{span}）</translation>
    </message>
  </context>
  <context>
    <name>DayList</name>
    <message>
      <source>receipt number B… or F…, Enter: find its day</source>
      <translation>单号 B… 或 F…，回车查找</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>缴费单位</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>手续费</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Service payments of {day}</source>
      <translation>{day} 的便民缴费</translation>
    </message>
    <message>
      <source>Paid: {n}, amount {amount}, fees {fee}, commission {commission}.  Refunded: {r}, {refunded}.</source>
      <translation>缴费 {n} 笔，金额 {amount}，手续费 {fee}，佣金 {commission}。  退款 {r} 笔，{refunded}。</translation>
    </message>
  </context>
  <context>
    <name>DeliveredDialog</name>
    <message>
      <source>Delivered</source>
      <translation>已送达</translation>
    </message>
    <message>
      <source>Received by</source>
      <translation>签收人</translation>
    </message>
    <message>
      <source>Enter who took the parcels.</source>
      <translation>请输入签收人。</translation>
    </message>
  </context>
  <context>
    <name>DeliveryTab</name>
    <message>
      <source>Pickup code or waybill of a parcel to deliver (Enter)</source>
      <translation>要送货上门的包裹取件码或运单号 (Enter)</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Village group</source>
      <translation>村民小组</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>Do not deliver the selected parcel (Del)</source>
      <translation>取消所选包裹的送货 (Del)</translation>
    </message>
    <message>
      <source>Start the run and print the sheet (Ctrl+D)</source>
      <translation>出发送货并打印送货单 (Ctrl+D)</translation>
    </message>
    <message>
      <source>Pickup codes</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>To collect</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Delivered (Ctrl+S)</source>
      <translation>已送达 (Ctrl+S)</translation>
    </message>
    <message>
      <source>Nobody at home (Ctrl+B)</source>
      <translation>家中无人 (Ctrl+B)</translation>
    </message>
    <message>
      <source>Print the sheet again (Ctrl+P)</source>
      <translation>重新打印送货单 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Runs out now</source>
      <translation>送货中的批次</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <source>out</source>
      <translation>送货中</translation>
    </message>
    <message>
      <source>delivered</source>
      <translation>已送达</translation>
    </message>
    <message>
      <source>nobody at home</source>
      <translation>家中无人</translation>
    </message>
    <message>
      <source>{code} will be delivered.</source>
      <translation>{code} 将送货上门。</translation>
    </message>
    <message>
      <source>Pick a parcel in the list first.</source>
      <translation>请先在列表中选择包裹。</translation>
    </message>
    <message>
      <source>It stays on the shelf for pickup.</source>
      <translation>包裹留在货架上等待自取。</translation>
    </message>
    <message>
      <source>Run {number}: {n} stop(s).</source>
      <translation>送货批次 {number}：共 {n} 户。</translation>
    </message>
    <message>
      <source>The sheet is printing.</source>
      <translation>正在打印。</translation>
    </message>
    <message>
      <source>No run is out.</source>
      <translation>没有正在送货的批次。</translation>
    </message>
    <message>
      <source>No printer is set up (Settings, Devices).</source>
      <translation>没有设置打印机（设置 → 设备）。</translation>
    </message>
    <message>
      <source>Pick a stop that is still out.</source>
      <translation>请选择还在送货中的一户。</translation>
    </message>
    <message>
      <source>Open a shift first: the money collected at the door goes into it.</source>
      <translation>请先开班：送货上门收的钱要记入当班。</translation>
    </message>
    <message>
      <source>Delivered to {name}. Receipt {number}.</source>
      <translation>已送达 {name}。凭条号 {number}。</translation>
    </message>
    <message>
      <source>Back on the shelf, still marked for the next run.</source>
      <translation>已放回货架，下次送货仍会带上。</translation>
    </message>
  </context>
  <context>
    <name>DeviceSettingsPanel</name>
    <message>
      <source>wedge, or serial:/dev/ttyACM0@9600, serial:COM3</source>
      <translation>wedge（键盘模式），或 serial:/dev/ttyACM0@9600、serial:COM3</translation>
    </message>
    <message>
      <source> ms</source>
      <translation> 毫秒</translation>
    </message>
    <message>
      <source>Scanner</source>
      <translation>扫码枪</translation>
    </message>
    <message>
      <source>&amp;Scanner:</source>
      <translation>扫码枪(&amp;S)：</translation>
    </message>
    <message>
      <source>Max. &amp;gap between keys:</source>
      <translation>最大按键间隔(&amp;G)：</translation>
    </message>
    <message>
      <source>Min. scan &amp;length:</source>
      <translation>最短扫码长度(&amp;L)：</translation>
    </message>
    <message>
      <source>Status:</source>
      <translation>状态：</translation>
    </message>
    <message>
      <source>preview, file:/dev/usb/lp0, usb:0416:5011, serial:COM3, net:192.168.1.50, win32:POS-58, cups:POS58</source>
      <translation>preview、file:/dev/usb/lp0、usb:0416:5011、serial:COM3、net:192.168.1.50、win32:POS-58、cups:POS58</translation>
    </message>
    <message>
      <source>58 mm (32 columns)</source>
      <translation>58 毫米（32 列）</translation>
    </message>
    <message>
      <source>80 mm (48 columns)</source>
      <translation>80 毫米（48 列）</translation>
    </message>
    <message>
      <source>Print text as &amp;images (printer has no Chinese font)</source>
      <translation>文字按图片打印（打印机无中文字库时）(&amp;I)</translation>
    </message>
    <message>
      <source>Pin 2</source>
      <translation>2 号引脚</translation>
    </message>
    <message>
      <source>Pin 5</source>
      <translation>5 号引脚</translation>
    </message>
    <message>
      <source>Open the drawer on &amp;cash sales</source>
      <translation>现金交易时自动打开钱箱(&amp;C)</translation>
    </message>
    <message>
      <source>Receipt printer and cash drawer</source>
      <translation>小票打印机和钱箱</translation>
    </message>
    <message>
      <source>&amp;Printer:</source>
      <translation>打印机(&amp;P)：</translation>
    </message>
    <message>
      <source>Pape&amp;r:</source>
      <translation>纸宽(&amp;R)：</translation>
    </message>
    <message>
      <source>Pr&amp;ofile:</source>
      <translation>型号配置(&amp;O)：</translation>
    </message>
    <message>
      <source>&amp;Encoding:</source>
      <translation>编码(&amp;E)：</translation>
    </message>
    <message>
      <source>&amp;Drawer pin:</source>
      <translation>钱箱引脚(&amp;D)：</translation>
    </message>
    <message>
      <source>Sa&amp;ve</source>
      <translation>保存(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Test print</source>
      <translation>打印测试页(&amp;T)</translation>
    </message>
    <message>
      <source>Open dra&amp;wer (owner)</source>
      <translation>打开钱箱（店主）(&amp;W)</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>单号</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Tries</source>
      <translation>尝试次数</translation>
    </message>
    <message>
      <source>Last error</source>
      <translation>最近错误</translation>
    </message>
    <message>
      <source>Counter</source>
      <translation>收银台</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>重试(&amp;R)</translation>
    </message>
    <message>
      <source>Re&amp;print</source>
      <translation>补打(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Mark as printed</source>
      <translation>标记为已打印(&amp;M)</translation>
    </message>
    <message>
      <source>Print queue</source>
      <translation>打印队列</translation>
    </message>
    <message>
      <source>Change the printer and scanner settings</source>
      <translation>修改打印机和扫码枪设置</translation>
    </message>
    <message>
      <source>Where to print?</source>
      <translation>在哪里打印？</translation>
    </message>
    <message>
      <source>Counter {name} printed this. Print it again here, or at {name}?</source>
      <translation>这张是收银台 {name} 打印的。在这里重打，还是在 {name} 重打？</translation>
    </message>
    <message>
      <source>&amp;Here</source>
      <translation>在这里(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;At {name}</source>
      <translation>在 {name}(&amp;A)</translation>
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
    <name>HelpDialog</name>
    <message>
      <source>Help: {page}</source>
      <translation>帮助：{page}</translation>
    </message>
    <message>
      <source>Keys on this page</source>
      <translation>本页按键</translation>
    </message>
    <message>
      <source>Keys everywhere</source>
      <translation>所有页面通用的按键</translation>
    </message>
  </context>
  <context>
    <name>HistoryDialog</name>
    <message>
      <source>This parcel was here before</source>
      <translation>这件包裹以前到过本站</translation>
    </message>
    <message>
      <source>{status} · code {code} · {carrier} · {name} {phone}</source>
      <translation>{status} · 取件码 {code} · {carrier} · {name} {phone}</translation>
    </message>
    <message>
      <source>in {checked_in}, left {left}</source>
      <translation>入库 {checked_in}，离站 {left}</translation>
    </message>
    <message>
      <source>date not recorded</source>
      <translation>日期未记录</translation>
    </message>
    <message>
      <source>Check in again</source>
      <translation>再次入库</translation>
    </message>
    <message>
      <source>Waybill {number} was checked in before and has left the station. Check it in again? (Enter: yes, Esc: no)</source>
      <translation>运单 {number} 以前入过库，已经离开本站。要再次入库吗？（回车：是，Esc：否）</translation>
    </message>
  </context>
  <context>
    <name>HistoryTable</name>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
  </context>
  <context>
    <name>ImportReportDialog</name>
    <message>
      <source>Rows that cannot be imported</source>
      <translation>无法导入的行</translation>
    </message>
    <message>
      <source>{file}: {bad} of {rows} rows cannot be imported. Nothing has been imported yet.</source>
      <translation>{file}：{rows} 行中有 {bad} 行无法导入。目前还没有导入任何数据。</translation>
    </message>
    <message>
      <source>Line</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>Import the {good} good rows, skip the bad ones</source>
      <translation>导入正确的 {good} 行，跳过有问题的行</translation>
    </message>
    <message>
      <source>Import nothing (Esc)</source>
      <translation>全部不导入（Esc）</translation>
    </message>
    <message>
      <source>Correct the lines in the file and import it again, or import only the good rows.</source>
      <translation>请改正文件中的这些行后重新导入，或只导入正确的行。</translation>
    </message>
  </context>
  <context>
    <name>IncomeRatesTab</name>
    <message>
      <source>The county centre sets this station's income rates: they are shown here as the county sent them and cannot be changed at the station.</source>
      <translation>本站的收入费率由县中心设定：这里显示县中心发来的费率，本站不能修改。</translation>
    </message>
    <message>
      <source>Income</source>
      <translation>收入</translation>
    </message>
    <message>
      <source>Category or carrier</source>
      <translation>类别或快递公司</translation>
    </message>
    <message>
      <source>Rate</source>
      <translation>费率</translation>
    </message>
    <message>
      <source>In force</source>
      <translation>有效期</translation>
    </message>
    <message>
      <source>Assisted purchase commission (percent of the goods)</source>
      <translation>代购佣金（商品金额的百分比）</translation>
    </message>
    <message>
      <source>Parcel fee from the carrier (yuan per parcel)</source>
      <translation>快递公司派费（每件多少元）</translation>
    </message>
    <message>
      <source>per check-in</source>
      <translation>按入库</translation>
    </message>
    <message>
      <source>per handover</source>
      <translation>按取件</translation>
    </message>
    <message>
      <source>YYYY-MM-DD</source>
      <translation>年-月-日</translation>
    </message>
    <message>
      <source>&amp;Income from</source>
      <translation>收入来源(&amp;I)</translation>
    </message>
    <message>
      <source>The carrier &amp;pays</source>
      <translation>快递公司计费(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Starts on</source>
      <translation>起始日期(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Add rate</source>
      <translation>添加费率(&amp;A)</translation>
    </message>
    <message>
      <source>A rate is never changed: add a new one with the day it starts, and it replaces the older rate from that day on; earlier months keep their figures. An empty category or carrier applies to every one without a rate of its own.</source>
      <translation>费率不会被修改：添加一个带起始日期的新费率，从那天起代替旧费率；之前的月份数字不变。类别或快递公司留空，表示适用于所有没有单独费率的类别或快递公司。</translation>
    </message>
    <message>
      <source>Rates, oldest first within each kind:</source>
      <translation>费率（每一类按时间先后排列）：</translation>
    </message>
    <message>
      <source>from {day}</source>
      <translation>从 {day} 起</translation>
    </message>
    <message>
      <source>{first} to {last}</source>
      <translation>{first} 至 {last}</translation>
    </message>
    <message>
      <source>since {day}</source>
      <translation>{day} 起有效</translation>
    </message>
    <message>
      <source>&amp;Carrier</source>
      <translation>快递公司(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Yuan per parcel</source>
      <translation>每件金额（元）(&amp;Y)</translation>
    </message>
    <message>
      <source>for example 0.50</source>
      <translation>例如 0.50</translation>
    </message>
    <message>
      <source>Goods &amp;category</source>
      <translation>商品类别(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Percent of the goods</source>
      <translation>商品金额的百分比(&amp;P)</translation>
    </message>
    <message>
      <source>for example 3.5</source>
      <translation>例如 3.5</translation>
    </message>
    <message>
      <source>empty: every one without a rate of its own</source>
      <translation>留空：适用于所有没有单独费率的</translation>
    </message>
    <message>
      <source>add an income rate</source>
      <translation>添加收入费率</translation>
    </message>
    <message>
      <source>Added: {rate} from {day}.</source>
      <translation>已添加：{rate}，从 {day} 起。</translation>
    </message>
  </context>
  <context>
    <name>IncomeView</name>
    <message>
      <source>Statement for &amp;month:</source>
      <translation>结算月份(&amp;M)：</translation>
    </message>
    <message>
      <source>Save statement PDF… (Ctrl+S)</source>
      <translation>保存结算单 PDF…（Ctrl+S）</translation>
    </message>
    <message>
      <source>Save statement CSV… (Ctrl+E)</source>
      <translation>保存结算单 CSV…（Ctrl+E）</translation>
    </message>
    <message>
      <source>Income</source>
      <translation>收入</translation>
    </message>
    <message>
      <source>The county owes</source>
      <translation>县中心应付</translation>
    </message>
    <message>
      <source>Counter sales margin (kept at the till)</source>
      <translation>柜台销售毛利（留在收银台）</translation>
    </message>
    <message>
      <source>Purchase
commission</source>
      <translation>代购佣金</translation>
    </message>
    <message>
      <source>Parcel
fees</source>
      <translation>包裹派费</translation>
    </message>
    <message>
      <source>Service
commission</source>
      <translation>代缴佣金</translation>
    </message>
    <message>
      <source>Sales
margin</source>
      <translation>销售毛利</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>The county
owes</source>
      <translation>县中心应付</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Earned for</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Reading the months…</source>
      <translation>正在读取各月收入…</translation>
    </message>
    <message>
      <source>The income could not be read ({error}). The log has the details.</source>
      <translation>收入读取失败（{error}），详情请看日志。</translation>
    </message>
    <message>
      <source>Rates set by the county centre.</source>
      <translation>费率由县中心设定。</translation>
    </message>
    <message>
      <source>No income rates yet: commissions and parcel fees count as zero until the owner adds rates in Settings → Income rates.</source>
      <translation>还没有收入费率：店主在 设置 → 收入费率 添加费率之前，佣金和派费都按零计算。</translation>
    </message>
    <message>
      <source>Rates: Settings → Income rates.</source>
      <translation>费率：设置 → 收入费率。</translation>
    </message>
    <message>
      <source>{month} (so far)</source>
      <translation>{month}（至今）</translation>
    </message>
    <message>
      <source>Income per month (yuan)</source>
      <translation>每月收入（元）</translation>
    </message>
    <message>
      <source>{month}: this month has not begun</source>
      <translation>{month}：本月尚未开始</translation>
    </message>
    <message>
      <source>{month}, so far</source>
      <translation>{month}（至今）</translation>
    </message>
    <message>
      <source>{month} has not begun: nothing is recorded for it yet, and its statement is empty.</source>
      <translation>{month} 尚未开始：还没有任何记录，结算单为空。</translation>
    </message>
    <message>
      <source>Nothing earned is recorded in {month}: no parcels, collected purchases, service payments or counter sales with a cost price.</source>
      <translation>{month} 没有收入记录：没有包裹、已取货的代购、代缴服务或有进价的柜台销售。</translation>
    </message>
    <message>
      <source>Income statement</source>
      <translation>收入结算单</translation>
    </message>
    <message>
      <source>Save the income statement</source>
      <translation>保存收入结算单</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Statement saved: {file}</source>
      <translation>结算单已保存：{file}</translation>
    </message>
    <message>
      <source>Saving the statement…</source>
      <translation>正在保存结算单…</translation>
    </message>
  </context>
  <context>
    <name>ItemsTable</name>
    <message>
      <source>Goods</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Shop</source>
      <translation>店铺</translation>
    </message>
    <message>
      <source>Link or item id</source>
      <translation>链接或商品编号</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Unit price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
  </context>
  <context>
    <name>JoinStationDialog</name>
    <message>
      <source>Join an existing station</source>
      <translation>加入已有站点</translation>
    </message>
    <message>
      <source>This PC becomes another counter of the station on the main PC: parcels, villagers, stock and numbers are shared. On the main PC, open Settings → Several counters and press "Show a pairing code": type the address and the code it shows. A code works once, for 30 minutes.</source>
      <translation>这台电脑将成为主电脑上站点的另一个收银台：包裹、村民、库存和单号都共用。请在主电脑上打开 设置 → 多柜台，按“显示配对码”，把显示的地址和配对码输入这里。配对码只能用一次，30 分钟内有效。</translation>
    </message>
    <message>
      <source>e.g. 192.168.1.10:{port}</source>
      <translation>例如 192.168.1.10:{port}</translation>
    </message>
    <message>
      <source>e.g. K7QM-4XPA</source>
      <translation>例如 K7QM-4XPA</translation>
    </message>
    <message>
      <source>Main PC's &amp;address</source>
      <translation>主电脑地址(&amp;A)</translation>
    </message>
    <message>
      <source>Pairing &amp;code</source>
      <translation>配对码(&amp;C)</translation>
    </message>
    <message>
      <source>Join (Enter)</source>
      <translation>加入（回车）</translation>
    </message>
    <message>
      <source>Cancel (Esc)</source>
      <translation>取消（Esc）</translation>
    </message>
    <message>
      <source>Type the main PC's address, as it shows it.</source>
      <translation>请输入主电脑显示的地址。</translation>
    </message>
    <message>
      <source>Asking the main PC…</source>
      <translation>正在连接主电脑…</translation>
    </message>
    <message>
      <source>The address cannot be saved in {folder}: {reason}</source>
      <translation>地址无法保存到 {folder}：{reason}</translation>
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
      <source>Updating the station's records for this version. This happens once and can take a few minutes on a large station: please do not close the program or switch off the computer.</source>
      <translation>正在为新版本升级本站数据。只需升级一次，数据多的站点可能要几分钟：请不要关闭程序，也不要关电脑。</translation>
    </message>
    <message>
      <source>Opening the station's records, please wait…</source>
      <translation>正在打开站点记录，请稍候……</translation>
    </message>
    <message>
      <source>{when}: {who} at the counter</source>
      <translation>{when}：当班 {who}</translation>
    </message>
    <message>
      <source>Wrong owner PINs</source>
      <translation>店主密码输错</translation>
    </message>
    <message>
      <source>Since your last login, wrong owner PINs were typed for an owner approval {count} times:</source>
      <translation>自您上次登录以来，有人在店主授权时输错店主密码 {count} 次：</translation>
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
    <message>
      <source>The connection to the station's database server (the main PC) is lost. Nothing can be recorded until it is back: check the network cable and that the main PC is on. This message goes away by itself when the connection returns.</source>
      <translation>与服务站数据库服务器（主电脑）的连接已断开。连接恢复前不能记录任何操作：请检查网线，并确认主电脑已开机。连接恢复后这条提示会自动消失。</translation>
    </message>
    <message>
      <source>Shift {number} is still open (opened {at} by {who}). Its cash has not been counted: count it and close the shift on the Shift page (F6), or it stays open until the next start.</source>
      <translation>班次 {number} 还没有交班（{at} 由 {who} 开班），钱箱还没有清点：请在交班页（F6）清点并交班，否则这个班次会一直开到下次启动。</translation>
    </message>
    <message>
      <source>Close the app?</source>
      <translation>关闭程序？</translation>
    </message>
    <message>
      <source>Close the app anyway?</source>
      <translation>仍然关闭程序吗？</translation>
    </message>
    <message>
      <source>Close anyway</source>
      <translation>仍然关闭</translation>
    </message>
    <message>
      <source>Keep working</source>
      <translation>继续工作</translation>
    </message>
    <message>
      <source>Backup restored</source>
      <translation>备份已恢复</translation>
    </message>
    <message>
      <source>The backup was restored. The app will now close; please start it again.</source>
      <translation>备份已恢复。程序现在将关闭，请重新启动。</translation>
    </message>
    <message>
      <source>Joined the station</source>
      <translation>已加入站点</translation>
    </message>
    <message>
      <source>This PC is now a counter of the station on the main PC. The app will now close; start it again and give this counter a name.</source>
      <translation>这台电脑现在是主电脑上站点的一个收银台。程序将关闭，请重新启动，并给这个收银台起个名字。</translation>
    </message>
  </context>
  <context>
    <name>NewOrderDialog</name>
    <message>
      <source>New assisted purchase</source>
      <translation>新建代购</translation>
    </message>
    <message>
      <source>For example 家电, 服装, 农资; the commission rate follows it</source>
      <translation>例如 家电、服装、农资；佣金费率按类别计算</translation>
    </message>
    <message>
      <source>Several: separate with commas</source>
      <translation>多个订单号用逗号隔开</translation>
    </message>
    <message>
      <source>Cash now</source>
      <translation>现在付现金</translation>
    </message>
    <message>
      <source>Mobile payment now</source>
      <translation>现在移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Deposit now, the rest on collection</source>
      <translation>先付定金，取货时付余款</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>Last digits of the payment's transaction number</source>
      <translation>交易单号的后几位</translation>
    </message>
    <message>
      <source>Villager</source>
      <translation>村民</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Name on the order</source>
      <translation>订单上的姓名</translation>
    </message>
    <message>
      <source>Goods &amp;category</source>
      <translation>商品类别(&amp;C)</translation>
    </message>
    <message>
      <source>Platform order numbers</source>
      <translation>平台订单号</translation>
    </message>
    <message>
      <source>Service fee (yuan)</source>
      <translation>服务费（元）</translation>
    </message>
    <message>
      <source>How the villager pays</source>
      <translation>付款方式</translation>
    </message>
    <message>
      <source>Deposit (yuan)</source>
      <translation>定金（元）</translation>
    </message>
    <message>
      <source>Payment reference</source>
      <translation>支付凭证号</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Place order (Ctrl+Enter)</source>
      <translation>下单（Ctrl+Enter）</translation>
    </message>
    <message>
      <source>Items: Tab moves to the next cell and, after the unit price of the last row, on to the goods category; Insert adds a row, Ctrl+Delete removes one.</source>
      <translation>商品：Tab 移到下一格，在最后一行的单价之后移到商品类别；Insert 添加一行，Ctrl+Delete 删除一行。</translation>
    </message>
    <message>
      <source>Total: —</source>
      <translation>合计：—</translation>
    </message>
    <message>
      <source>Total: {total}  (goods {goods} + fee {fee})</source>
      <translation>合计：{total}（商品 {goods} + 服务费 {fee}）</translation>
    </message>
    <message>
      <source>{platform} is on order {order}</source>
      <translation>{platform} 在订单 {order} 中</translation>
    </message>
    <message>
      <source>Platform order already used</source>
      <translation>平台订单号已用过</translation>
    </message>
    <message>
      <source>This platform order number is already on another order:
{uses}

Place this order anyway?</source>
      <translation>这个平台订单号已在别的订单中使用：
{uses}

仍然下单吗？</translation>
    </message>
  </context>
  <context>
    <name>NoScanDialog</name>
    <message>
      <source>Hand over without a scan</source>
      <translation>不扫描交付</translation>
    </message>
    <message>
      <source>Label torn or damaged</source>
      <translation>面单破损</translation>
    </message>
    <message>
      <source>Barcode will not scan</source>
      <translation>条码扫不出</translation>
    </message>
    <message>
      <source>Scanner not working</source>
      <translation>扫码枪故障</translation>
    </message>
    <message>
      <source>Check the parcel against the villager's pickup code and phone first. Space ticks a parcel.</source>
      <translation>请先核对村民的取件码和手机号。空格键勾选包裹。</translation>
    </message>
    <message>
      <source>Reason (goes to the audit log)</source>
      <translation>原因（记入审计日志）</translation>
    </message>
    <message>
      <source>Tick the parcels handed over without a scan.</source>
      <translation>请勾选不扫描交付的包裹。</translation>
    </message>
    <message>
      <source>Say why the parcel is handed over without a scan.</source>
      <translation>请说明为什么不扫描就交付包裹。</translation>
    </message>
  </context>
  <context>
    <name>NoShiftQuestion</name>
    <message>
      <source>No shift open</source>
      <translation>未开班</translation>
    </message>
    <message>
      <source>No shift is open: open one now?</source>
      <translation>当前没有开班：现在开班吗？</translation>
    </message>
    <message>
      <source>Open a shift</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>Not now</source>
      <translation>暂不</translation>
    </message>
  </context>
  <context>
    <name>NoticesDialog</name>
    <message>
      <source>Notices</source>
      <translation>到件通知</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭 (Esc)</translation>
    </message>
  </context>
  <context>
    <name>NoticesPage</name>
    <message>
      <source>Day</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>短信内容</translation>
    </message>
    <message>
      <source>Sent / problem</source>
      <translation>发送时间 / 问题</translation>
    </message>
    <message>
      <source>Send by SMS through the modem (Ctrl+M)</source>
      <translation>用短信猫发送短信 (Ctrl+M)</translation>
    </message>
    <message>
      <source>Export CSV for SMS (Ctrl+E)</source>
      <translation>导出短信 CSV (Ctrl+E)</translation>
    </message>
    <message>
      <source>Copy WeChat text (Ctrl+T)</source>
      <translation>复制微信群文字 (Ctrl+T)</translation>
    </message>
    <message>
      <source>Mark as sent (Ctrl+S)</source>
      <translation>标记为已发送 (Ctrl+S)</translation>
    </message>
    <message>
      <source>Mark as failed (Ctrl+F)</source>
      <translation>标记为发送失败 (Ctrl+F)</translation>
    </message>
    <message>
      <source>Back to pending (Ctrl+R)</source>
      <translation>改回待发送 (Ctrl+R)</translation>
    </message>
    <message>
      <source>Print pickup list (Ctrl+P)</source>
      <translation>打印待取清单 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Actions apply to the selected notices, or to all shown when none is selected. ←/→ switch between pending, sent and failed.</source>
      <translation>操作针对选中的通知；未选中时针对列表中的全部通知。←/→ 切换待发送、已发送和发送失败。</translation>
    </message>
    <message>
      <source>Pending ({count})</source>
      <translation>待发送（{count}）</translation>
    </message>
    <message>
      <source>Sent ({count})</source>
      <translation>已发送（{count}）</translation>
    </message>
    <message>
      <source>Failed ({count})</source>
      <translation>发送失败（{count}）</translation>
    </message>
    <message>
      <source>Export notices for bulk SMS</source>
      <translation>导出通知用于群发短信</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Cannot write {file}: {problem}</source>
      <translation>无法写入 {file}：{problem}</translation>
    </message>
    <message>
      <source>{count} notices written to {file}. Mark them as sent once the SMS platform has sent them.</source>
      <translation>已将 {count} 条通知写入 {file}。短信平台发出后，请把它们标记为已发送。</translation>
    </message>
    <message>
      <source>{count} notices have no whole phone number: use the WeChat text or the pickup list for them.</source>
      <translation>有 {count} 条通知没有完整手机号：请用微信群文字或待取清单通知他们。</translation>
    </message>
    <message>
      <source>The text is copied: paste it into the village WeChat group.</source>
      <translation>文字已复制：请粘贴到村里的微信群。</translation>
    </message>
    <message>
      <source>{count} notices are queued for the modem; they are marked sent or failed as it sends them.</source>
      <translation>{count} 条通知已排队等待短信猫发送；发送后会自动标记为已发送或发送失败。</translation>
    </message>
    <message>
      <source>{count} villagers asked for no SMS: left out.</source>
      <translation>{count} 位村民要求不收短信，已跳过。</translation>
    </message>
    <message>
      <source>{count} notices marked as sent.</source>
      <translation>已将 {count} 条通知标记为已发送。</translation>
    </message>
    <message>
      <source>Notice not sent</source>
      <translation>通知未发出</translation>
    </message>
    <message>
      <source>Why could it not be sent?</source>
      <translation>为什么没能发出？</translation>
    </message>
    <message>
      <source>{count} notices marked as failed.</source>
      <translation>已将 {count} 条通知标记为发送失败。</translation>
    </message>
    <message>
      <source>{count} notices are pending again.</source>
      <translation>{count} 条通知已改回待发送。</translation>
    </message>
    <message>
      <source>No printer is set up; set one up in Settings.</source>
      <translation>还没有设置打印机，请在设置中设置。</translation>
    </message>
    <message>
      <source>Pickup list sent to the printer: {count} people.</source>
      <translation>待取清单已发送到打印机：共 {count} 人。</translation>
    </message>
  </context>
  <context>
    <name>OpenShiftDialog</name>
    <message>
      <source>Open a shift</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>Count the cash in the drawer and type the total.</source>
      <translation>清点钱箱中的现金，输入总额。</translation>
    </message>
    <message>
      <source>The last shift ({number}) closed with {amount} counted.</source>
      <translation>上一班（{number}）交班时实点 {amount}。</translation>
    </message>
    <message>
      <source>Opening float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>Open shift</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>OrderDetail</name>
    <message>
      <source>Choose an order in the list, or press Ctrl+N for a new one.</source>
      <translation>请在列表中选择订单，或按 Ctrl+N 新建代购。</translation>
    </message>
    <message>
      <source>LATE</source>
      <translation>超期</translation>
    </message>
    <message>
      <source>Type or scan a waybill, then Enter</source>
      <translation>输入或扫描运单号，然后按回车</translation>
    </message>
    <message>
      <source>Waybill of the goods sent back, then Enter</source>
      <translation>退货的运单号，然后按回车</translation>
    </message>
    <message>
      <source>Take payment…</source>
      <translation>收款…</translation>
    </message>
    <message>
      <source>Refund items…</source>
      <translation>部分退款…</translation>
    </message>
    <message>
      <source>Cancel order…</source>
      <translation>取消订单…</translation>
    </message>
    <message>
      <source>Print receipt again</source>
      <translation>重打小票</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>订单记录</translation>
    </message>
    <message>
      <source>Order {number} · {status}</source>
      <translation>代购单 {number} · {status}</translation>
    </message>
    <message>
      <source>For {name} {phone} · placed {at} by {operator} · expected {expected}</source>
      <translation>村民 {name} {phone} · {at} 由 {operator} 下单 · 预计 {expected} 到货</translation>
    </message>
    <message>
      <source>category {category}</source>
      <translation>类别 {category}</translation>
    </message>
    <message>
      <source>(refunded {amount})</source>
      <translation>（已退 {amount}）</translation>
    </message>
    <message>
      <source>Platform orders: {numbers}</source>
      <translation>平台订单号：{numbers}</translation>
    </message>
    <message>
      <source>Note: {note}</source>
      <translation>备注：{note}</translation>
    </message>
    <message>
      <source>Due: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>Waybills: {list}</source>
      <translation>运单号：{list}</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>暂无</translation>
    </message>
    <message>
      <source>Sent back under waybill {waybill}</source>
      <translation>已退货，运单号 {waybill}</translation>
    </message>
    <message>
      <source>Goods</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Service fee</source>
      <translation>服务费</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>已付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>{number}: {amount}, {reason}</source>
      <translation>{number}：{amount}，{reason}</translation>
    </message>
    <message>
      <source>total {amount}</source>
      <translation>合计 {amount}</translation>
    </message>
  </context>
  <context>
    <name>OrderList</name>
    <message>
      <source>Search: name, phone, order, platform order or waybill (Ctrl+F)</source>
      <translation>搜索：姓名、电话、订单号、平台订单号或运单号（Ctrl+F）</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>未完成</translation>
    </message>
    <message>
      <source>Late only</source>
      <translation>只看超期</translation>
    </message>
    <message>
      <source>Placed from</source>
      <translation>下单日期从</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Placed at</source>
      <translation>下单时间</translation>
    </message>
    <message>
      <source>For</source>
      <translation>村民</translation>
    </message>
    <message>
      <source>Goods</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>to</source>
      <translation>到</translation>
    </message>
    <message>
      <source>LATE</source>
      <translation>超期</translation>
    </message>
    <message>
      <source>{count} orders, {late} late</source>
      <translation>共 {count} 单，超期 {late} 单</translation>
    </message>
  </context>
  <context>
    <name>OverdueTab</name>
    <message>
      <source>Next step</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>Reminded</source>
      <translation>已提醒</translation>
    </message>
    <message>
      <source>Send reminders (Ctrl+R)</source>
      <translation>发送催取提醒 (Ctrl+R)</translation>
    </message>
    <message>
      <source>Scan or type a waybill to put it in the return batch</source>
      <translation>扫描或输入运单号，加入退件批次</translation>
    </message>
    <message>
      <source>Take out the selected parcel (Del)</source>
      <translation>移出所选包裹 (Del)</translation>
    </message>
    <message>
      <source>Courier takes the batch: close and print slip (Ctrl+Enter)</source>
      <translation>快递员取走：关闭批次并打印交接单 (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>Reminder after {remind} days in stock; back to the courier after {ret} days.</source>
      <translation>在库 {remind} 天提醒；满 {ret} 天退回快递。</translation>
    </message>
    <message>
      <source>return</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>remind</source>
      <translation>提醒</translation>
    </message>
    <message>
      <source>No return batch open: scan an overdue parcel to start one.</source>
      <translation>没有进行中的退件批次：扫描逾期包裹即开始新批次。</translation>
    </message>
    <message>
      <source>Return batch {number} for {carrier}: {n} parcel(s)</source>
      <translation>退件批次 {number}（{carrier}）：{n} 件</translation>
    </message>
    <message>
      <source>{n} reminder(s) for {p} parcel(s) are waiting with the notices to be sent.</source>
      <translation>已生成 {n} 条提醒（{p} 件包裹），在通知中等待发送。</translation>
    </message>
    <message>
      <source>Every overdue parcel has been reminded already.</source>
      <translation>所有逾期包裹都已提醒过。</translation>
    </message>
    <message>
      <source>Not put in the batch.</source>
      <translation>未加入批次。</translation>
    </message>
    <message>
      <source>In the batch: {n} parcel(s).</source>
      <translation>批次中共 {n} 件。</translation>
    </message>
    <message>
      <source>Return early</source>
      <translation>提前退回</translation>
    </message>
    <message>
      <source>Pick a parcel in the batch first.</source>
      <translation>请先在批次中选择包裹。</translation>
    </message>
    <message>
      <source>Taken out of the batch; it stays in stock.</source>
      <translation>已移出批次，包裹仍在库中。</translation>
    </message>
    <message>
      <source>Scan the parcels to return first.</source>
      <translation>请先扫描要退回的包裹。</translation>
    </message>
    <message>
      <source>Batch {number} closed: {n} parcel(s) returned.</source>
      <translation>批次 {number} 已关闭：退回 {n} 件。</translation>
    </message>
    <message>
      <source>The slip is printing for the courier to sign.</source>
      <translation>正在打印交接单，请快递员签名。</translation>
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
    <name>ParcelsAdminPage</name>
    <message>
      <source>Parcel admin</source>
      <translation>包裹管理</translation>
    </message>
    <message>
      <source>Overdue and returns (Ctrl+1)</source>
      <translation>逾期/退回 (Ctrl+1)</translation>
    </message>
    <message>
      <source>Reconciliation (Ctrl+2)</source>
      <translation>对账 (Ctrl+2)</translation>
    </message>
    <message>
      <source>Delivery to the door (Ctrl+3)</source>
      <translation>送货上门 (Ctrl+3)</translation>
    </message>
    <message>
      <source>Search (Ctrl+4)</source>
      <translation>查询 (Ctrl+4)</translation>
    </message>
  </context>
  <context>
    <name>ParcelsAdminWindow</name>
    <message>
      <source>Parcel admin</source>
      <translation>包裹管理</translation>
    </message>
  </context>
  <context>
    <name>ParcelsSettingsTab</name>
    <message>
      <source> parcels</source>
      <translation> 件</translation>
    </message>
    <message>
      <source>Empty: the station's name</source>
      <translation>不填则使用服务站名称</translation>
    </message>
    <message>
      <source>Placeholders: {station} station, {name} recipient, {carriers} carriers, {codes} pickup codes, {count} number of parcels.</source>
      <translation>占位符：{station} 服务站，{name} 收件人，{carriers} 快递公司，{codes} 取件码，{count} 包裹件数。</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>A pickup code is not given again until this long after its last parcel left: an old message may still name it.</source>
      <translation>取件码在其最后一个包裹离站后，经过这段时间才会再次使用：旧短信里可能还写着它。</translation>
    </message>
    <message>
      <source>Show pickup codes in the WeChat group text</source>
      <translation>微信群通知中显示取件码</translation>
    </message>
    <message>
      <source>Off: the group sees surname, phone tail and the number of parcels; everyone in the group could read a code that is shown.</source>
      <translation>关闭时群里只显示姓氏、手机尾号和包裹数量；显示的取件码群里每个人都能看到。</translation>
    </message>
    <message>
      <source>Forget the selected choice</source>
      <translation>删除选中的记忆</translation>
    </message>
    <message>
      <source>Shelves (letters, separated by spaces)</source>
      <translation>货架（字母，用空格分隔）</translation>
    </message>
    <message>
      <source>Layers per shelf</source>
      <translation>每个货架的层数</translation>
    </message>
    <message>
      <source>Parcels per layer</source>
      <translation>每层可放件数</translation>
    </message>
    <message>
      <source>Station name in notices</source>
      <translation>通知中的服务站名称</translation>
    </message>
    <message>
      <source>Notice text</source>
      <translation>通知内容</translation>
    </message>
    <message>
      <source>Example</source>
      <translation>示例</translation>
    </message>
    <message>
      <source>Pickup code rest after a parcel leaves</source>
      <translation>包裹离站后取件码停用</translation>
    </message>
    <message>
      <source>Carriers chosen for ambiguous numbers</source>
      <translation>已记住的快递公司选择（无法确定的单号）</translation>
    </message>
    <message>
      <source>Save parcel settings</source>
      <translation>保存包裹设置</translation>
    </message>
    <message>
      <source>The county centre sets the notice text while this station is linked.</source>
      <translation>本站关联县级中心期间，通知文字由县级中心设定。</translation>
    </message>
    <message>
      <source>{length}-character numbers starting {start}: {carrier}</source>
      <translation>{start} 开头的 {length} 位单号：{carrier}</translation>
    </message>
    <message>
      <source>{count} places in all</source>
      <translation>共 {count} 个位置</translation>
    </message>
    <message>
      <source>change the parcel settings</source>
      <translation>修改包裹设置</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>PayForm</name>
    <message>
      <source>yuan</source>
      <translation>元</translation>
    </message>
    <message>
      <source>Ctrl+1 … Ctrl+{n}</source>
      <translation>Ctrl+1 … Ctrl+{n}</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Number / account</source>
      <translation>号码/户号</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>缴费单位</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Fee charged</source>
      <translation>收手续费</translation>
    </message>
    <message>
      <source>11-digit mobile number</source>
      <translation>11 位手机号</translation>
    </message>
    <message>
      <source>account number on the bill (户号)</source>
      <translation>缴费单上的户号</translation>
    </message>
    <message>
      <source>Operator guessed from the number: check it (a number may have moved to another operator)</source>
      <translation>运营商按号段推测，请核对（号码可能已携号转网）</translation>
    </message>
    <message>
      <source>Total: —</source>
      <translation>合计：—</translation>
    </message>
    <message>
      <source>Total: {total}</source>
      <translation>合计：{total}</translation>
    </message>
    <message>
      <source>Amount {amount} + fee {fee}; commission {commission}</source>
      <translation>金额 {amount} + 手续费 {fee}；佣金 {commission}</translation>
    </message>
  </context>
  <context>
    <name>PaymentDialog</name>
    <message>
      <source>Collect the amount due</source>
      <translation>收取应收款</translation>
    </message>
    <message>
      <source>Amount due: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>&amp;1 Cash</source>
      <translation>&amp;1 现金</translation>
    </message>
    <message>
      <source>&amp;2 Mobile payment</source>
      <translation>&amp;2 移动支付</translation>
    </message>
    <message>
      <source>Amount collected</source>
      <translation>实收金额</translation>
    </message>
    <message>
      <source>Collecting less than is due needs the owner's PIN.</source>
      <translation>少收需要店主输入密码同意。</translation>
    </message>
    <message>
      <source>Collect at most {amount}; give the rest back as change.</source>
      <translation>最多收取 {amount}，多出的部分找零。</translation>
    </message>
    <message>
      <source>collect less than is due</source>
      <translation>少收应收款</translation>
    </message>
    <message>
      <source>Take payment for {number}</source>
      <translation>代购单 {number} 收款</translation>
    </message>
    <message>
      <source>Due: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Paid by</source>
      <translation>付款方式</translation>
    </message>
    <message>
      <source>Payment reference</source>
      <translation>支付凭证号</translation>
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
    <name>PickupPage</name>
    <message>
      <source>Pickup</source>
      <translation>取件</translation>
    </message>
    <message>
      <source>Parcel admin (Ctrl+M)</source>
      <translation>包裹管理 (Ctrl+M)</translation>
    </message>
    <message>
      <source>Pickup code, last 4 digits of the phone, phone or name; or scan a parcel</source>
      <translation>取件码、手机尾号后 4 位、手机号或姓名；或直接扫描包裹</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Shelf</source>
      <translation>货架</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Waybill tail</source>
      <translation>运单尾号</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>Collecting for someone (Ctrl+P)</source>
      <translation>代取 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Label unreadable (Ctrl+U)</source>
      <translation>面单无法扫描 (Ctrl+U)</translation>
    </message>
    <message>
      <source>Hand over (Enter)</source>
      <translation>确认交付 (Enter)</translation>
    </message>
    <message>
      <source>Clear (Esc)</source>
      <translation>清除 (Esc)</translation>
    </message>
    <message>
      <source>Find the parcels of a pickup code, phone (or its last 4 digits) or name</source>
      <translation>按取件码、手机号（或后 4 位）或姓名查找包裹</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>Scan each parcel before it is handed over; a wrong parcel is refused</source>
      <translation>交付前逐件扫码；拿错的包裹会被拒绝</translation>
    </message>
    <message>
      <source>Hand over the scanned parcels and take what is due</source>
      <translation>交付已扫码的包裹并收取应付款</translation>
    </message>
    <message>
      <source>Collected by someone else (proxy): record who</source>
      <translation>他人代取：记录代取人</translation>
    </message>
    <message>
      <source>A waybill that cannot be scanned: hand over with a reason</source>
      <translation>面单无法扫描：填写原因后交付</translation>
    </message>
    <message>
      <source>Parcel admin: overdue and returns, reconciliation, delivery, search</source>
      <translation>包裹管理：滞留与退回、对账、送货上门、查询</translation>
    </message>
    <message>
      <source>Clear and start with the next villager</source>
      <translation>清空，接待下一位村民</translation>
    </message>
    <message>
      <source>Say the pickup codes and shelves aloud again</source>
      <translation>再念一遍取件码和货架</translation>
    </message>
    <message>
      <source>No parcel in stock for “{query}”.</source>
      <translation>库中没有“{query}”的包裹。</translation>
    </message>
    <message>
      <source>{name}  {phone}  {count} parcel(s)</source>
      <translation>{name}  {phone}  {count} 件</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>（无姓名）</translation>
    </message>
    <message>
      <source>Several villagers match: ask the name, pick with the arrows, Enter.</source>
      <translation>有多位村民符合：请问清姓名，用方向键选择，按 Enter。</translation>
    </message>
    <message>
      <source>Fetch the parcels from the shelves and scan each one handed over.</source>
      <translation>请到货架取件，交付的每件都要扫描。</translation>
    </message>
    <message>
      <source>{code} was already scanned.</source>
      <translation>{code} 已经扫描过了。</translation>
    </message>
    <message>
      <source>{code} OK. {left} more in the list; Enter hands over the scanned ones.</source>
      <translation>{code} 正确。列表中还有 {left} 件；按 Enter 交付已扫描的包裹。</translation>
    </message>
    <message>
      <source>Look the villager up first.</source>
      <translation>请先查找村民。</translation>
    </message>
    <message>
      <source>Every parcel in the list is scanned.</source>
      <translation>列表中的包裹都已扫描。</translation>
    </message>
    <message>
      <source>Scan the parcels to hand over first.</source>
      <translation>请先扫描要交付的包裹。</translation>
    </message>
    <message>
      <source>Nothing handed over yet: scan the rest, or Enter to hand over the scanned ones.</source>
      <translation>还没有交付：扫描其余包裹，或按回车只交付已扫的。</translation>
    </message>
    <message>
      <source>Nothing handed over yet: open a shift to take the money.</source>
      <translation>尚未交付：请先开班再收款。</translation>
    </message>
    <message>
      <source>Nothing handed over yet.</source>
      <translation>尚未交付任何包裹。</translation>
    </message>
    <message>
      <source>{left} more parcel(s) not handed over: {codes}.</source>
      <translation>还有 {left} 件未交付：{codes}。</translation>
    </message>
    <message>
      <source>Hand over {n} (Enter)</source>
      <translation>只交付已扫的 {n} 件（回车）</translation>
    </message>
    <message>
      <source>Back to scanning (Esc)</source>
      <translation>继续扫描（Esc）</translation>
    </message>
    <message>
      <source>Handed over {n} parcel(s) to {name}. Receipt {number}.</source>
      <translation>已交付 {n} 件给 {name}。凭条号 {number}。</translation>
    </message>
    <message>
      <source>{left} parcel(s) stay in stock.</source>
      <translation>{left} 件仍在库中。</translation>
    </message>
    <message>
      <source>The receipt is printing.</source>
      <translation>正在打印凭条。</translation>
    </message>
    <message>
      <source>no scan</source>
      <translation>未扫描</translation>
    </message>
    <message>
      <source>{days} overdue</source>
      <translation>{days} 天 超期</translation>
    </message>
    <message>
      <source>Due: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>Collected by {name} ({relation})</source>
      <translation>代取人：{name}（{relation}）</translation>
    </message>
    <message>
      <source>Parcels left</source>
      <translation>还有包裹未交付</translation>
    </message>
  </context>
  <context>
    <name>PickupSettingsTab</name>
    <message>
      <source>Remind villagers after (days in stock)</source>
      <translation>在库多少天后提醒村民</translation>
    </message>
    <message>
      <source>Return to the courier after (days in stock)</source>
      <translation>在库多少天后退回快递</translation>
    </message>
    <message>
      <source>Storage fee per day (0 = none)</source>
      <translation>每天保管费（0 = 不收）</translation>
    </message>
    <message>
      <source>Free days before the storage fee</source>
      <translation>免费保管天数</translation>
    </message>
    <message>
      <source>Delivery fee per stop (0 = free)</source>
      <translation>每户送货费（0 = 免费）</translation>
    </message>
    <message>
      <source>Reminder text</source>
      <translation>提醒短信内容</translation>
    </message>
    <message>
      <source>The reminder text may use {station} {name} {count} {codes} {days} {return_days}.</source>
      <translation>提醒短信内容可以使用 {station} {name} {count} {codes} {days} {return_days}。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>change the parcel fees and ages</source>
      <translation>修改包裹费用和天数</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>ProductDialog</name>
    <message>
      <source>Change product</source>
      <translation>修改商品</translation>
    </message>
    <message>
      <source>New product</source>
      <translation>新增商品</translation>
    </message>
    <message>
      <source>yuan, for example 3.50</source>
      <translation>单位元，例如 3.50</translation>
    </message>
    <message>
      <source>yuan; empty when not known</source>
      <translation>元；不知道就留空</translation>
    </message>
    <message>
      <source>by the piece</source>
      <translation>按件</translation>
    </message>
    <message>
      <source>by weight, price per jin (500 g)</source>
      <translation>称重，按斤计价（500 克）</translation>
    </message>
    <message>
      <source>by weight, price per kg</source>
      <translation>称重，按公斤计价</translation>
    </message>
    <message>
      <source>A service, sold without stock (top-up, bill payment, sending fee)</source>
      <translation>服务类，无库存（充值、缴费、寄件费）</translation>
    </message>
    <message>
      <source>&amp;Name</source>
      <translation>名称(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Barcode</source>
      <translation>条码(&amp;B)</translation>
    </message>
    <message>
      <source>&amp;Price (yuan)</source>
      <translation>价格（元）(&amp;P)</translation>
    </message>
    <message>
      <source>C&amp;ost price (yuan)</source>
      <translation>进价（元）(&amp;O)</translation>
    </message>
    <message>
      <source>So&amp;ld by</source>
      <translation>计价方式(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Stock</source>
      <translation>库存(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Warn at stock</source>
      <translation>库存预警值(&amp;W)</translation>
    </message>
    <message>
      <source>Ca&amp;tegory</source>
      <translation>分类(&amp;T)</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>ProductsDialog</name>
    <message>
      <source>Products</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>name, pinyin initials or barcode</source>
      <translation>名称、拼音首字母或条码</translation>
    </message>
    <message>
      <source>&amp;Low stock only</source>
      <translation>只看库存不足(&amp;L)</translation>
    </message>
    <message>
      <source>Product name</source>
      <translation>商品名称</translation>
    </message>
    <message>
      <source>Barcode</source>
      <translation>条码</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Stock</source>
      <translation>库存</translation>
    </message>
    <message>
      <source>Warn at</source>
      <translation>预警值</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>New product (Alt+N)</source>
      <translation>新增商品 (Alt+N)</translation>
    </message>
    <message>
      <source>Change (Enter)</source>
      <translation>修改 (Enter)</translation>
    </message>
    <message>
      <source>Adjust stock (Alt+S)</source>
      <translation>调整库存 (Alt+S)</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭 (Esc)</translation>
    </message>
    <message>
      <source>service</source>
      <translation>服务</translation>
    </message>
    <message>
      <source>{n} products</source>
      <translation>共 {n} 个商品</translation>
    </message>
    <message>
      <source>Adjust stock</source>
      <translation>调整库存</translation>
    </message>
    <message>
      <source>{name}: {stock} in stock. Add (delivery) or take away (negative):</source>
      <translation>“{name}”现有库存 {stock}。输入增加数量（进货），减少请输入负数：</translation>
    </message>
  </context>
  <context>
    <name>ProxyDialog</name>
    <message>
      <source>Collecting for someone else</source>
      <translation>代取</translation>
    </message>
    <message>
      <source>Spouse</source>
      <translation>配偶</translation>
    </message>
    <message>
      <source>Son or daughter</source>
      <translation>子女</translation>
    </message>
    <message>
      <source>Parent</source>
      <translation>父母</translation>
    </message>
    <message>
      <source>Brother or sister</source>
      <translation>兄弟姐妹</translation>
    </message>
    <message>
      <source>Relative</source>
      <translation>亲戚</translation>
    </message>
    <message>
      <source>Neighbour</source>
      <translation>邻居</translation>
    </message>
    <message>
      <source>Friend</source>
      <translation>朋友</translation>
    </message>
    <message>
      <source>Colleague</source>
      <translation>同事</translation>
    </message>
    <message>
      <source>Parcels for</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>（无姓名）</translation>
    </message>
    <message>
      <source>Collector's name</source>
      <translation>代取人姓名</translation>
    </message>
    <message>
      <source>Relation to the villager</source>
      <translation>与收件人关系</translation>
    </message>
    <message>
      <source>Leave both empty when the villager collects in person.</source>
      <translation>本人取件时两项都留空。</translation>
    </message>
    <message>
      <source>Say how the collector is related to the villager.</source>
      <translation>请填写代取人与村民的关系。</translation>
    </message>
    <message>
      <source>Enter the collector's name.</source>
      <translation>请输入代取人姓名。</translation>
    </message>
  </context>
  <context>
    <name>PurchasesPage</name>
    <message>
      <source>Assisted purchases</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>New order (Ctrl+N)</source>
      <translation>新建代购（Ctrl+N）</translation>
    </message>
    <message>
      <source>New assisted purchase for a villager</source>
      <translation>为村民新建代购</translation>
    </message>
    <message>
      <source>Search orders by villager, phone, order number or goods</source>
      <translation>按村民、手机号、订单号或商品搜索订单</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>With an order open: add the waybill to it; otherwise find the order of a receipt (P…) or waybill</source>
      <translation>打开订单时：把运单号加到该订单；否则按小票号（P…）或运单号查找订单</translation>
    </message>
    <message>
      <source>Waybill {waybill} added to order {number}.</source>
      <translation>运单号 {waybill} 已加到订单 {number}。</translation>
    </message>
    <message>
      <source>Order {number} opened.</source>
      <translation>已打开订单 {number}。</translation>
    </message>
    <message>
      <source>No open order takes scan {code}: choose an order first, then scan its waybill.</source>
      <translation>扫描的 {code} 没有对应的订单：请先选择订单，再扫描运单号。</translation>
    </message>
    <message>
      <source>Change: {amount}</source>
      <translation>找零：{amount}</translation>
    </message>
    <message>
      <source>Order {number} placed.</source>
      <translation>代购单 {number} 已下单。</translation>
    </message>
    <message>
      <source>No printer is set up: the receipt was not printed.</source>
      <translation>没有设置打印机，小票没有打印。</translation>
    </message>
    <message>
      <source>Payment for {number} taken.</source>
      <translation>订单 {number} 已收款。</translation>
    </message>
    <message>
      <source>Refund {number} done: {amount} back.</source>
      <translation>退款单 {number} 已完成：退还 {amount}。</translation>
    </message>
  </context>
  <context>
    <name>PurchasesTab</name>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Goods expected after</source>
      <translation>预计到货天数</translation>
    </message>
    <message>
      <source>An order not in yet is late after</source>
      <translation>未到货超过多少天算超期</translation>
    </message>
    <message>
      <source>Highest unit price (yuan)</source>
      <translation>单价上限（元）</translation>
    </message>
    <message>
      <source>Usual service fee (yuan)</source>
      <translation>默认服务费（元）</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>change the assisted purchase settings</source>
      <translation>修改代购设置</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>ReceiptPreviewDialog</name>
    <message>
      <source>Receipt preview</source>
      <translation>小票预览</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>{width} dots wide, as printed</source>
      <translation>宽 {width} 点，与实际打印一致</translation>
    </message>
  </context>
  <context>
    <name>ReceiptPreviewPanel</name>
    <message>
      <source>Preview printer: nothing was printed</source>
      <translation>预览打印机：未真正打印</translation>
    </message>
    <message>
      <source>Full size…</source>
      <translation>原尺寸查看…</translation>
    </message>
  </context>
  <context>
    <name>ReceiptsDialog</name>
    <message>
      <source>Receipts</source>
      <translation>小票</translation>
    </message>
    <message>
      <source>receipt number (scan or type part of it)</source>
      <translation>小票号（扫码或输入部分号码）</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>小票号</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Reprint (Enter)</source>
      <translation>重印 (Enter)</translation>
    </message>
    <message>
      <source>Refund (Alt+R)</source>
      <translation>退款 (Alt+R)</translation>
    </message>
    <message>
      <source>Close (Esc)</source>
      <translation>关闭 (Esc)</translation>
    </message>
    <message>
      <source>sold</source>
      <translation>已售</translation>
    </message>
    <message>
      <source>partly refunded</source>
      <translation>部分退款</translation>
    </message>
    <message>
      <source>refunded</source>
      <translation>已全退</translation>
    </message>
    <message>
      <source>refund</source>
      <translation>退款单</translation>
    </message>
  </context>
  <context>
    <name>RecentTable</name>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
  </context>
  <context>
    <name>RecipientForm</name>
    <message>
      <source>13812345678, 138****5678 or the last 4 digits</source>
      <translation>13812345678、138****5678 或手机尾号四位</translation>
    </message>
    <message>
      <source>Name as on the label (needed when the phone is masked)</source>
      <translation>面单上的姓名（手机号不完整时必填）</translation>
    </message>
    <message>
      <source>Enter: check in · Esc: skip this parcel · Ctrl+K: change carrier</source>
      <translation>回车：入库 · Esc：跳过这件 · Ctrl+K：更改快递公司</translation>
    </message>
    <message>
      <source>Recipient's phone</source>
      <translation>收件人手机号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
  </context>
  <context>
    <name>RecipientStep</name>
    <message>
      <source>Villager: {name}</source>
      <translation>村民：{name}</translation>
    </message>
    <message>
      <source>{count} villagers share this number</source>
      <translation>有 {count} 位村民使用这个号码</translation>
    </message>
    <message>
      <source>No villager's phone ends in {tail}: type a newcomer's whole number, or the name on the label with a masked number.</source>
      <translation>没有村民的手机尾号是 {tail}：新村民请输入完整手机号；带星号的号码请填面单上的姓名。</translation>
    </message>
  </context>
  <context>
    <name>ReconciliationTab</name>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>Handed over</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>In stock at day's end</source>
      <translation>当日结束在库</translation>
    </message>
    <message>
      <source>Print the sheet (Ctrl+P)</source>
      <translation>打印对账单 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Export CSV (Ctrl+E)</source>
      <translation>导出 CSV (Ctrl+E)</translation>
    </message>
    <message>
      <source>Start stocktake (Ctrl+T)</source>
      <translation>开始盘点 (Ctrl+T)</translation>
    </message>
    <message>
      <source>Finish stocktake (Ctrl+F)</source>
      <translation>结束盘点 (Ctrl+F)</translation>
    </message>
    <message>
      <source>Scan every parcel on the shelves (or type its waybill)</source>
      <translation>扫描货架上的每件包裹（或输入运单号）</translation>
    </message>
    <message>
      <source>Expected, not seen</source>
      <translation>应在库但未扫到</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Seen, not expected</source>
      <translation>扫到但不应在库</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>All carriers</source>
      <translation>全部快递</translation>
    </message>
    <message>
      <source>The sheet is printing.</source>
      <translation>正在打印。</translation>
    </message>
    <message>
      <source>No printer is set up (Settings, Devices).</source>
      <translation>没有设置打印机（设置 → 设备）。</translation>
    </message>
    <message>
      <source>Export CSV</source>
      <translation>导出 CSV</translation>
    </message>
    <message>
      <source>Could not write {path}: {problem}</source>
      <translation>无法写入 {path}：{problem}</translation>
    </message>
    <message>
      <source>Saved {path}.</source>
      <translation>已保存 {path}。</translation>
    </message>
    <message>
      <source>Scan every parcel on the shelves, then finish with Ctrl+F.</source>
      <translation>请扫描货架上的每件包裹，完成后按 Ctrl+F 结束。</translation>
    </message>
    <message>
      <source>Start a stocktake first (Ctrl+T).</source>
      <translation>请先开始盘点 (Ctrl+T)。</translation>
    </message>
    <message>
      <source>{code} OK ({n} seen).</source>
      <translation>{code} 正确（已扫 {n} 件）。</translation>
    </message>
    <message>
      <source>{waybill} was already counted.</source>
      <translation>{waybill} 已经扫过了。</translation>
    </message>
    <message>
      <source>{waybill} should not be on the shelves ({status}). Put it aside.</source>
      <translation>{waybill} 不应在货架上（{status}）。请放到一边。</translation>
    </message>
    <message>
      <source>never checked in</source>
      <translation>从未入库</translation>
    </message>
    <message>
      <source>Stocktake finished: {expected} expected, {seen} seen, {missing} missing, {unexpected} unexpected.</source>
      <translation>盘点结束：应在库 {expected} 件，扫到 {seen} 件，缺少 {missing} 件，多出 {unexpected} 件。</translation>
    </message>
    <message>
      <source>No stocktake running.</source>
      <translation>没有进行中的盘点。</translation>
    </message>
    <message>
      <source>Stocktake running: {n} parcel(s) seen.</source>
      <translation>盘点进行中：已扫 {n} 件。</translation>
    </message>
  </context>
  <context>
    <name>RefundDialog</name>
    <message>
      <source>Cancel order {number}</source>
      <translation>取消订单 {number}</translation>
    </message>
    <message>
      <source>Refund items of {number}</source>
      <translation>订单 {number} 部分退款</translation>
    </message>
    <message>
      <source>Goods</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Can refund</source>
      <translation>可退金额</translation>
    </message>
    <message>
      <source>Returned qty</source>
      <translation>退回数量</translation>
    </message>
    <message>
      <source>Refund (yuan)</source>
      <translation>退款（元）</translation>
    </message>
    <message>
      <source>For example: out of stock, wrong size, broken in transit</source>
      <translation>例如：缺货、尺码不合适、运输中损坏</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>Service fee to refund (yuan, at most {max})</source>
      <translation>退服务费（元，最多 {max}）</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Money back by</source>
      <translation>退款方式</translation>
    </message>
    <message>
      <source>Payment reference</source>
      <translation>支付凭证号</translation>
    </message>
    <message>
      <source>The refund first lowers what is still due, then the villager's account; only the rest is paid back.</source>
      <translation>退款先冲减尚未付的款项，再冲减村民的记账，剩下的才退还现金或移动支付。</translation>
    </message>
    <message>
      <source>Cancel the order</source>
      <translation>取消订单</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <source>Refund total: {amount}</source>
      <translation>退款合计：{amount}</translation>
    </message>
    <message>
      <source>Refund total: —</source>
      <translation>退款合计：—</translation>
    </message>
    <message>
      <source>Give the reason first.</source>
      <translation>请先填写原因。</translation>
    </message>
    <message>
      <source>cancel order {number}</source>
      <translation>取消订单 {number}</translation>
    </message>
    <message>
      <source>refund order {number}</source>
      <translation>为订单 {number} 退款</translation>
    </message>
    <message>
      <source>Refund {number}</source>
      <translation>退款 {number}</translation>
    </message>
    <message>
      <source>Receipt {number} of {time}, total {total}{customer}</source>
      <translation>小票 {number}，{time}，合计 {total}{customer}</translation>
    </message>
    <message>
      <source>, villager {name}</source>
      <translation>，村民 {name}</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>品名</translation>
    </message>
    <message>
      <source>Sold</source>
      <translation>已售</translation>
    </message>
    <message>
      <source>Refunded before</source>
      <translation>已退</translation>
    </message>
    <message>
      <source>Refund now</source>
      <translation>本次退</translation>
    </message>
    <message>
      <source>reason (for the refund receipt and the log)</source>
      <translation>退款原因（打印在退款单上并记入日志）</translation>
    </message>
    <message>
      <source>Alt+A: everything   Alt+0: nothing   Enter: refund (owner's PIN)   Esc: cancel</source>
      <translation>Alt+A：全部退   Alt+0：全不退   Enter：退款（需站长密码）   Esc：取消</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Refund: {amount}</source>
      <translation>退款：{amount}</translation>
    </message>
  </context>
  <context>
    <name>ReportsPage</name>
    <message>
      <source>Daily report (Alt+D)</source>
      <translation>日报 (Alt+D)</translation>
    </message>
    <message>
      <source>Monthly statement (Alt+M)</source>
      <translation>月报 (Alt+M)</translation>
    </message>
    <message>
      <source>Day:</source>
      <translation>日期：</translation>
    </message>
    <message>
      <source>Save PDF… (Ctrl+S)</source>
      <translation>保存 PDF… (Ctrl+S)</translation>
    </message>
    <message>
      <source>Print summary (Ctrl+P)</source>
      <translation>打印汇总 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Dashboard</source>
      <translation>看板</translation>
    </message>
    <message>
      <source>Tables</source>
      <translation>明细表</translation>
    </message>
    <message>
      <source>Income (Alt+I)</source>
      <translation>收入（Alt+I）</translation>
    </message>
    <message>
      <source>Daily or monthly report</source>
      <translation>日报或月报</translation>
    </message>
    <message>
      <source>Previous or next day (or month)</source>
      <translation>前一天或后一天（或月）</translation>
    </message>
    <message>
      <source>Next tab: summary or charts</source>
      <translation>下一个标签页：汇总或图表</translation>
    </message>
    <message>
      <source>Save the report as PDF</source>
      <translation>把报表保存为 PDF</translation>
    </message>
    <message>
      <source>Print the summary on the receipt printer</source>
      <translation>在小票打印机上打印汇总</translation>
    </message>
    <message>
      <source>Income: this month and the months before, by source</source>
      <translation>收入：本月及之前各月，按来源</translation>
    </message>
    <message>
      <source>On the Income tab: save the month's statement as PDF or CSV</source>
      <translation>在收入页：把该月结算单保存为 PDF 或 CSV</translation>
    </message>
    <message>
      <source>Month:</source>
      <translation>月份：</translation>
    </message>
    <message>
      <source>Daily report</source>
      <translation>站点日报</translation>
    </message>
    <message>
      <source>Monthly statement</source>
      <translation>月度结算单</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Making the PDF…</source>
      <translation>正在生成 PDF…</translation>
    </message>
    <message>
      <source>PDF saved: {file}</source>
      <translation>PDF 已保存：{file}</translation>
    </message>
    <message>
      <source>The summary went to the receipt printer.</source>
      <translation>汇总已发送到小票打印机。</translation>
    </message>
  </context>
  <context>
    <name>ResultPanel</name>
    <message>
      <source>Scan the next parcel's waybill</source>
      <translation>请扫描下一个包裹的运单号</translation>
    </message>
    <message>
      <source>Undo last check-in (Ctrl+Z)</source>
      <translation>撤销上一次入库 (Ctrl+Z)</translation>
    </message>
    <message>
      <source>Print label again (Ctrl+P)</source>
      <translation>重新打印标签 (Ctrl+P)</translation>
    </message>
    <message>
      <source>Last check-ins today</source>
      <translation>今日最近入库</translation>
    </message>
    <message>
      <source>{count} scans waiting</source>
      <translation>还有 {count} 次扫描待处理</translation>
    </message>
    <message>
      <source>Awaiting phone: {count} (Ctrl+G, then Enter on a parcel)</source>
      <translation>待补手机号：{count} 件（按 Ctrl+G，再在包裹上按回车）</translation>
    </message>
  </context>
  <context>
    <name>SalesPage</name>
    <message>
      <source>Sales</source>
      <translation>收银</translation>
    </message>
    <message>
      <source>Scan a barcode, or type a name or its pinyin initials</source>
      <translation>扫描条码，或输入名称、拼音首字母</translation>
    </message>
    <message>
      <source>Pay
Ctrl+Enter</source>
      <translation>收款
Ctrl+Enter</translation>
    </message>
    <message>
      <source>Quantity
Alt+Q</source>
      <translation>数量
Alt+Q</translation>
    </message>
    <message>
      <source>Line discount
Alt+D</source>
      <translation>单品折扣
Alt+D</translation>
    </message>
    <message>
      <source>Whole-sale discount
Alt+T</source>
      <translation>整单折扣
Alt+T</translation>
    </message>
    <message>
      <source>Remove line
Del</source>
      <translation>删除一行
Del</translation>
    </message>
    <message>
      <source>Clear cart
Alt+C</source>
      <translation>清空
Alt+C</translation>
    </message>
    <message>
      <source>Receipts, refund
Alt+R</source>
      <translation>小票、退款
Alt+R</translation>
    </message>
    <message>
      <source>Reprint last
Alt+P</source>
      <translation>重印上一张
Alt+P</translation>
    </message>
    <message>
      <source>Products
Alt+K</source>
      <translation>商品
Alt+K</translation>
    </message>
    <message>
      <source>Low stock
Alt+L</source>
      <translation>库存不足
Alt+L</translation>
    </message>
    <message>
      <source>New product
Alt+N</source>
      <translation>新增商品
Alt+N</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>Add the product with that barcode to the cart</source>
      <translation>把该条码的商品加入购物车</translation>
    </message>
    <message>
      <source>Add the product typed (barcode, name or pinyin initials)</source>
      <translation>加入输入的商品（条码、名称或拼音首字母）</translation>
    </message>
    <message>
      <source>{number} is not a counter sale.</source>
      <translation>{number} 不是收银销售小票。</translation>
    </message>
    <message>
      <source>No product found for '{text}'.</source>
      <translation>找不到商品“{text}”。</translation>
    </message>
    <message>
      <source>Did you mean: {names}? (Down, then Enter)</source>
      <translation>是不是：{names}？（按↓选择，再按回车）</translation>
    </message>
    <message>
      <source>Not enough stock: {name} has {stock}; selling it needs the owner.</source>
      <translation>库存不足：“{name}”只有 {stock}，卖出需要站长批准。</translation>
    </message>
    <message>
      <source>Added: {name}</source>
      <translation>已加入：{name}</translation>
    </message>
    <message>
      <source>Total {amount}</source>
      <translation>合计 {amount}</translation>
    </message>
    <message>
      <source>Items: {n}</source>
      <translation>共 {n} 件</translation>
    </message>
    <message>
      <source>whole-sale discount {amount}</source>
      <translation>整单折扣 {amount}</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>the whole sale</source>
      <translation>整单</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>折扣</translation>
    </message>
    <message>
      <source>Discount on {what} ({amount}): type 10% for a percentage, 5 for yuan off, nothing to remove it</source>
      <translation>{what}（{amount}）的折扣：输入 10% 表示打九折，输入 5 表示减 5 元，留空取消折扣</translation>
    </message>
    <message>
      <source>give a discount above {limit}%</source>
      <translation>给出超过 {limit}% 的折扣</translation>
    </message>
    <message>
      <source>The cart is empty: scan something first.</source>
      <translation>购物车是空的，请先扫描商品。</translation>
    </message>
    <message>
      <source>{number}: received {amount}</source>
      <translation>{number}：已收 {amount}</translation>
    </message>
    <message>
      <source>, change {change}</source>
      <translation>，找零 {change}</translation>
    </message>
    <message>
      <source>, {name} now owes {balance}</source>
      <translation>，{name} 现欠 {balance}</translation>
    </message>
    <message>
      <source>Reprinted {number}</source>
      <translation>已重印 {number}</translation>
    </message>
    <message>
      <source>Receipt {number} has been refunded in full.</source>
      <translation>小票 {number} 已全部退款。</translation>
    </message>
    <message>
      <source>refund {amount} of receipt {number}</source>
      <translation>为小票 {number} 退款 {amount}</translation>
    </message>
    <message>
      <source>{number}: refunded {amount}</source>
      <translation>{number}：已退款 {amount}</translation>
    </message>
    <message>
      <source>, {cash} in cash from the drawer</source>
      <translation>，从钱箱退现金 {cash}</translation>
    </message>
    <message>
      <source>Unknown barcode</source>
      <translation>未知条码</translation>
    </message>
    <message>
      <source>Barcode {code} is not in the catalogue. Add it as a new product?</source>
      <translation>条码 {code} 不在商品目录中。要新增这个商品吗？</translation>
    </message>
    <message>
      <source>Add product</source>
      <translation>新增商品</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Low stock ({n})
Alt+L</source>
      <translation>库存不足 ({n})
Alt+L</translation>
    </message>
    <message>
      <source>service</source>
      <translation>服务</translation>
    </message>
    <message>
      <source>stock {n}</source>
      <translation>库存 {n}</translation>
    </message>
  </context>
  <context>
    <name>SalesTab</name>
    <message>
      <source>Empty: "Thank you, please come again!"</source>
      <translation>留空则打印“谢谢惠顾，欢迎再来！”</translation>
    </message>
    <message>
      <source>Barcode (Code 128)</source>
      <translation>条形码（Code 128）</translation>
    </message>
    <message>
      <source>QR code</source>
      <translation>二维码</translation>
    </message>
    <message>
      <source>Receipt &amp;footer (up to 4 lines)</source>
      <translation>小票页脚（最多 4 行）(&amp;F)</translation>
    </message>
    <message>
      <source>Receipt &amp;number printed as</source>
      <translation>小票号打印为(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Discounts above this need the owner's PIN</source>
      <translation>折扣超过此比例需站长密码(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Highest price accepted (yuan)</source>
      <translation>最高价格（元）(&amp;H)</translation>
    </message>
    <message>
      <source>Mobile payments from this amount need the &amp;transaction number (yuan)</source>
      <translation>移动支付从此金额起必须填交易单号（元）(&amp;T)</translation>
    </message>
    <message>
      <source>Paper width and the cash drawer are set with the printer (Devices).</source>
      <translation>纸宽和钱箱在打印机（设备）设置中设定。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>change the sales and receipt settings</source>
      <translation>修改收银和小票设置</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>ScaleModemSpeechPanel</name>
    <message>
      <source>empty: no scale; serial:/dev/ttyUSB0@9600, serial:COM3, fake</source>
      <translation>留空表示没有电子秤；例如 serial:/dev/ttyUSB0@9600、serial:COM3、fake</translation>
    </message>
    <message>
      <source>ST,GS,+0001.234kg lines (most indicators)</source>
      <translation>ST,GS,+0001.234kg 行格式（大多数仪表）</translation>
    </message>
    <message>
      <source>Toledo continuous output</source>
      <translation>托利多连续输出</translation>
    </message>
    <message>
      <source>XK3190 STX frames (tf=0)</source>
      <translation>XK3190 STX 帧（tf=0）</translation>
    </message>
    <message>
      <source>XK3190 reversed digits with = (tf=1)</source>
      <translation>XK3190 倒序数字加 =（tf=1）</translation>
    </message>
    <message>
      <source>Test &amp;read-out</source>
      <translation>测试读数(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Tare (basket on the plate)</source>
      <translation>去皮（秤盘上放篮子）(&amp;T)</translation>
    </message>
    <message>
      <source>C&amp;lear tare</source>
      <translation>清除皮重(&amp;L)</translation>
    </message>
    <message>
      <source>Electronic scale</source>
      <translation>电子秤</translation>
    </message>
    <message>
      <source>S&amp;cale:</source>
      <translation>电子秤(&amp;C)：</translation>
    </message>
    <message>
      <source>&amp;Format:</source>
      <translation>数据格式(&amp;F)：</translation>
    </message>
    <message>
      <source>Weight:</source>
      <translation>重量：</translation>
    </message>
    <message>
      <source>Status:</source>
      <translation>状态：</translation>
    </message>
    <message>
      <source>empty: no modem; serial:/dev/ttyUSB2, serial:COM5, fake</source>
      <translation>留空表示没有短信猫；例如 serial:/dev/ttyUSB2、serial:COM5、fake</translation>
    </message>
    <message>
      <source>Send a parcel's notice by SMS &amp;automatically after check-in (off: by hand, from the notices window)</source>
      <translation>入库后自动用短信发送取件通知(&amp;A)（不勾选：在通知窗口手动发送）</translation>
    </message>
    <message>
      <source>your own mobile number, e.g. 13812345678</source>
      <translation>您自己的手机号，例如 13812345678</translation>
    </message>
    <message>
      <source>Send a test S&amp;MS</source>
      <translation>发送测试短信(&amp;M)</translation>
    </message>
    <message>
      <source>SMS modem (USB 4G)</source>
      <translation>短信猫（USB 4G）</translation>
    </message>
    <message>
      <source>M&amp;odem:</source>
      <translation>短信猫(&amp;O)：</translation>
    </message>
    <message>
      <source>Test &amp;number:</source>
      <translation>测试号码(&amp;N)：</translation>
    </message>
    <message>
      <source>&amp;Speak the results of check-in and pickup</source>
      <translation>语音播报入库和取件结果(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Hear a test</source>
      <translation>试听(&amp;H)</translation>
    </message>
    <message>
      <source>Spoken feedback</source>
      <translation>语音播报</translation>
    </message>
    <message>
      <source>&amp;Volume:</source>
      <translation>音量(&amp;V)：</translation>
    </message>
    <message>
      <source>Voice:</source>
      <translation>语音：</translation>
    </message>
    <message>
      <source>Sa&amp;ve</source>
      <translation>保存(&amp;V)</translation>
    </message>
    <message>
      <source>Change the scale, modem and speech settings</source>
      <translation>修改电子秤、短信猫和语音设置</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>No scale is set up.</source>
      <translation>没有设置电子秤。</translation>
    </message>
    <message>
      <source>No modem is set up.</source>
      <translation>没有设置短信猫。</translation>
    </message>
    <message>
      <source>overload</source>
      <translation>超载</translation>
    </message>
    <message>
      <source>{kg} kg ({jin} jin)</source>
      <translation>{kg} 公斤（{jin} 斤）</translation>
    </message>
    <message>
      <source>(moving)</source>
      <translation>（不稳定）</translation>
    </message>
    <message>
      <source>(net)</source>
      <translation>（净重）</translation>
    </message>
    <message>
      <source>No scale is set up: type its port above and save.</source>
      <translation>没有设置电子秤：请在上面填写端口并保存。</translation>
    </message>
    <message>
      <source>The scale reads {kg} kg ({jin} jin), steady.</source>
      <translation>电子秤读数 {kg} 公斤（{jin} 斤），已稳定。</translation>
    </message>
    <message>
      <source>Tare set to {kg} kg: weights are shown without it.</source>
      <translation>皮重已设为 {kg} 公斤，显示的重量已扣除皮重。</translation>
    </message>
    <message>
      <source>Tare cleared.</source>
      <translation>皮重已清除。</translation>
    </message>
    <message>
      <source>No modem is set up: type its port above and save.</source>
      <translation>没有设置短信猫：请在上面填写端口并保存。</translation>
    </message>
    <message>
      <source>Sending the test SMS to {number}…</source>
      <translation>正在向 {number} 发送测试短信…</translation>
    </message>
    <message>
      <source>The test SMS was sent: check the phone.</source>
      <translation>测试短信已发出，请查看手机。</translation>
    </message>
    <message>
      <source>The test SMS was not sent: {reason}</source>
      <translation>测试短信没有发出：{reason}</translation>
    </message>
    <message>
      <source>Spoken feedback is switched off: tick it and save first.</source>
      <translation>语音播报已关闭：请先勾选并保存。</translation>
    </message>
  </context>
  <context>
    <name>ScanBar</name>
    <message>
      <source>Parcel check-in</source>
      <translation>包裹入库</translation>
    </message>
    <message>
      <source>Batch mode: scan the pile first, phones later (Ctrl+B)</source>
      <translation>批量模式：先扫一堆包裹，再补录手机号 (Ctrl+B)</translation>
    </message>
    <message>
      <source>Notices (Ctrl+N)</source>
      <translation>到件通知 (Ctrl+N)</translation>
    </message>
    <message>
      <source>Scan or type the waybill number, then Enter</source>
      <translation>扫描或输入运单号，然后按回车</translation>
    </message>
    <message>
      <source>Shelf layer for the next parcels</source>
      <translation>接下来包裹放的货架层</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>货架层</translation>
    </message>
    <message>
      <source>Today: {count} checked in</source>
      <translation>今日入库：{count} 件</translation>
    </message>
    <message>
      <source>{slot} ({free} free)</source>
      <translation>{slot}（空 {free} 位）</translation>
    </message>
    <message>
      <source>Automatic: emptiest layer</source>
      <translation>自动：最空的一层</translation>
    </message>
  </context>
  <context>
    <name>ScanRouter</name>
    <message>
      <source>Scan {code} ignored: please log in first.</source>
      <translation>扫码 {code} 未处理：请先登录。</translation>
    </message>
    <message>
      <source>This page does not take scans ({code}). Press F2 for parcel check-in, F3 for pickup or F5 for sales.</source>
      <translation>本页面不接收扫码（{code}）。包裹入库请按 F2，取件请按 F3，收银请按 F5。</translation>
    </message>
    <message>
      <source>Scan {code} not used: this window does not take scans. Finish or close it first, then scan again.</source>
      <translation>扫码 {code} 未使用：此窗口不接受扫码。请先完成或关闭此窗口，再扫一次。</translation>
    </message>
  </context>
  <context>
    <name>SearchTab</name>
    <message>
      <source>Waybill, pickup code, phone, last 4 digits or name (Enter)</source>
      <translation>运单号、取件码、手机号、尾号后 4 位或姓名 (Enter)</translation>
    </message>
    <message>
      <source>Checked in between</source>
      <translation>入库日期范围</translation>
    </message>
    <message>
      <source>All carriers</source>
      <translation>全部快递</translation>
    </message>
    <message>
      <source>Any status</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Checked in</source>
      <translation>入库时间</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>事项</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>{n} parcel(s) found.</source>
      <translation>找到 {n} 件包裹。</translation>
    </message>
    <message>
      <source>No parcel found.</source>
      <translation>没有找到包裹。</translation>
    </message>
    <message>
      <source>collected by {name} ({relation})</source>
      <translation>代取人 {name}（{relation}）</translation>
    </message>
    <message>
      <source>handed over without scan: {reason}</source>
      <translation>未扫描交付：{reason}</translation>
    </message>
    <message>
      <source>number, waybill, name or phone digits</source>
      <translation>单号、运单号、姓名或手机号数字</translation>
    </message>
    <message>
      <source>all states</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Parcel</source>
      <translation>包裹</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Sender</source>
      <translation>寄件人</translation>
    </message>
    <message>
      <source>To</source>
      <translation>寄往</translation>
    </message>
    <message>
      <source>kg</source>
      <translation>公斤</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>已付</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>收寄时间</translation>
    </message>
  </context>
  <context>
    <name>SendForm</name>
    <message>
      <source>villager: name, pinyin initials or phone's last 4 digits</source>
      <translation>村民：姓名、拼音首字母或手机尾号 4 位</translation>
    </message>
    <message>
      <source>length cm</source>
      <translation>长 厘米</translation>
    </message>
    <message>
      <source>width cm</source>
      <translation>宽 厘米</translation>
    </message>
    <message>
      <source>height cm</source>
      <translation>高 厘米</translation>
    </message>
    <message>
      <source>yuan, blank: not insured</source>
      <translation>元，不填则不保价</translation>
    </message>
    <message>
      <source>Sender from the register</source>
      <translation>从村民名册选寄件人</translation>
    </message>
    <message>
      <source>Sender's name</source>
      <translation>寄件人姓名</translation>
    </message>
    <message>
      <source>Sender's phone</source>
      <translation>寄件人电话</translation>
    </message>
    <message>
      <source>Recipient's name</source>
      <translation>收件人姓名</translation>
    </message>
    <message>
      <source>Recipient's tel.</source>
      <translation>收件人电话</translation>
    </message>
    <message>
      <source>Province</source>
      <translation>省份</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>County / district</source>
      <translation>区县</translation>
    </message>
    <message>
      <source>Street address</source>
      <translation>详细地址</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>物品</translation>
    </message>
    <message>
      <source>Weight (kg)</source>
      <translation>重量（公斤）</translation>
    </message>
    <message>
      <source>Size L × W × H (cm)</source>
      <translation>长 × 宽 × 高（厘米）</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Insured value</source>
      <translation>保价金额</translation>
    </message>
    <message>
      <source>no scale: type the weight</source>
      <translation>没有电子秤：请输入重量</translation>
    </message>
    <message>
      <source>scale: {weight}  (Alt+W takes it)</source>
      <translation>电子秤：{weight}（Alt+W 读取）</translation>
    </message>
    <message>
      <source>{zone}: charged {kg} kg (actual {actual} kg</source>
      <translation>{zone}：计费 {kg} 公斤（实重 {actual} 公斤</translation>
    </message>
    <message>
      <source>, volumetric {kg} kg</source>
      <translation>，体积重 {kg} 公斤</translation>
    </message>
    <message>
      <source>first weight {first} + additional {extra}</source>
      <translation>首重 {first} + 续重 {extra}</translation>
    </message>
    <message>
      <source>insurance {fee}</source>
      <translation>保价费 {fee}</translation>
    </message>
    <message>
      <source>Postage {amount}</source>
      <translation>运费 {amount}</translation>
    </message>
  </context>
  <context>
    <name>SendingPage</name>
    <message>
      <source>Sending parcels</source>
      <translation>寄件</translation>
    </message>
    <message>
      <source>New parcel (Alt+1)</source>
      <translation>收寄包裹 (Alt+1)</translation>
    </message>
    <message>
      <source>Courier collection (Alt+2)</source>
      <translation>快递揽收 (Alt+2)</translation>
    </message>
    <message>
      <source>Outgoing parcels (Alt+3)</source>
      <translation>寄出包裹 (Alt+3)</translation>
    </message>
    <message>
      <source>New parcel</source>
      <translation>收寄包裹</translation>
    </message>
    <message>
      <source>Courier collection</source>
      <translation>快递揽收</translation>
    </message>
    <message>
      <source>Outgoing parcels</source>
      <translation>寄出包裹</translation>
    </message>
    <message>
      <source>Take the steady weight from the scale</source>
      <translation>读取电子秤的稳定重量</translation>
    </message>
    <message>
      <source>Take the payment and print the sender's receipt</source>
      <translation>收款并打印寄件小票</translation>
    </message>
    <message>
      <source>Clear the form for the next parcel</source>
      <translation>清空表单，收寄下一件</translation>
    </message>
    <message>
      <source>Start the courier's collection</source>
      <translation>开始快递揽收</translation>
    </message>
    <message>
      <source>Print the handover list for the courier to sign, and close it</source>
      <translation>打印交接单给快递员签字，并结束揽收</translation>
    </message>
    <message>
      <source>Mark the chosen parcel as refused or returned</source>
      <translation>把选中的包裹标记为拒收/退回</translation>
    </message>
    <message>
      <source>Reprint the chosen parcel's receipt</source>
      <translation>重印选中包裹的小票</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>A J number picks that parcel; a waybill goes on the picked parcel, or on the courier's list while a collection is open</source>
      <translation>扫描 J 开头的单号选中包裹；再扫描运单号即贴到该包裹上；揽收进行中时扫描的包裹进入交接单</translation>
    </message>
    <message>
      <source>{number}  {amount}  change {change}</source>
      <translation>{number}  {amount}  找零 {change}</translation>
    </message>
    <message>
      <source>Parcel {number} taken. Scan the courier's waybill when the label goes on.</source>
      <translation>已收寄包裹 {number}。贴上快递面单后请扫描运单号。</translation>
    </message>
    <message>
      <source>On the list: {code}</source>
      <translation>已加入交接单：{code}</translation>
    </message>
    <message>
      <source>Parcel {number}: scan the courier's waybill for it.</source>
      <translation>包裹 {number}：请扫描它的快递运单号。</translation>
    </message>
    <message>
      <source>Scan the parcel's receipt (J…) first, then the courier's waybill.</source>
      <translation>请先扫描包裹的寄件单号（J…），再扫描快递运单号。</translation>
    </message>
    <message>
      <source>Waybill {waybill} is on parcel {number}.</source>
      <translation>运单号 {waybill} 已贴到包裹 {number}。</translation>
    </message>
    <message>
      <source>There is no carrier with a tariff file.</source>
      <translation>没有任何快递公司的价目表。</translation>
    </message>
    <message>
      <source>Collection {number} for {carrier}: scan each parcel the courier takes.</source>
      <translation>{carrier} 揽收 {number}：请逐件扫描快递员取走的包裹。</translation>
    </message>
    <message>
      <source>No collection is open: Alt+O starts one.</source>
      <translation>没有进行中的揽收：按 Alt+O 开始。</translation>
    </message>
    <message>
      <source>List {number} printed: {n} parcels for the courier to sign.</source>
      <translation>交接单 {number} 已打印：{n} 件，请快递员签字。</translation>
    </message>
    <message>
      <source>Choose a parcel in the outgoing list first (Alt+3).</source>
      <translation>请先在寄出包裹列表中选择一件（Alt+3）。</translation>
    </message>
    <message>
      <source>Refused or returned</source>
      <translation>拒收/退回</translation>
    </message>
    <message>
      <source>Why did parcel {number} come back?</source>
      <translation>包裹 {number} 为什么退回？</translation>
    </message>
    <message>
      <source>Parcel {number} is marked as returned.</source>
      <translation>包裹 {number} 已标记为退回。</translation>
    </message>
    <message>
      <source>Receipt {number} reprinted.</source>
      <translation>小票 {number} 已重印。</translation>
    </message>
  </context>
  <context>
    <name>ServerTab</name>
    <message>
      <source>A station with two or more counters keeps its records in one PostgreSQL database, run by the main PC. Start the server here on the main PC, move the station onto it (close the app, then run village-pos move-to local), then pair each other counter with the code shown here.</source>
      <translation>有两台或更多收银台的服务站，把记录放在主电脑运行的一个 PostgreSQL 数据库里。请在主电脑上在这里启动数据库服务，把服务站迁移过去（关闭收银系统后运行 village-pos move-to local），然后用这里显示的配对码给其他收银台配对。</translation>
    </message>
    <message>
      <source>&amp;Start the server</source>
      <translation>启动数据库服务(&amp;S)</translation>
    </message>
    <message>
      <source>S&amp;top the server</source>
      <translation>停止数据库服务(&amp;T)</translation>
    </message>
    <message>
      <source>Show a &amp;pairing code</source>
      <translation>显示配对码(&amp;P)</translation>
    </message>
    <message>
      <source>Start the server &amp;with the app on this PC</source>
      <translation>在这台电脑上随收银系统一起启动数据库服务(&amp;W)</translation>
    </message>
    <message>
      <source>This counter uses its own file: {path}</source>
      <translation>这台收银机使用自己的数据文件：{path}</translation>
    </message>
    <message>
      <source>This counter uses the station database {url}</source>
      <translation>这台收银机使用服务站数据库 {url}</translation>
    </message>
    <message>
      <source>No station database server on this PC yet.</source>
      <translation>这台电脑上还没有服务站数据库服务。</translation>
    </message>
    <message>
      <source>The station database server runs on this PC at {address}:{port}.</source>
      <translation>服务站数据库服务正在这台电脑上运行，地址 {address}:{port}。</translation>
    </message>
    <message>
      <source>The station database server on this PC is stopped (port {port}).</source>
      <translation>这台电脑上的服务站数据库服务已停止（端口 {port}）。</translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>正在处理…</translation>
    </message>
    <message>
      <source>start the station database server</source>
      <translation>启动服务站数据库服务</translation>
    </message>
    <message>
      <source>The server is running.</source>
      <translation>数据库服务正在运行。</translation>
    </message>
    <message>
      <source>stop the station database server</source>
      <translation>停止服务站数据库服务</translation>
    </message>
    <message>
      <source>The server is stopped: the other counters cannot work until it runs again.</source>
      <translation>数据库服务已停止：在它重新运行之前，其他收银台无法工作。</translation>
    </message>
    <message>
      <source>pair another counter</source>
      <translation>给另一台收银台配对</translation>
    </message>
    <message>
      <source>The code works once, for 30 minutes.</source>
      <translation>配对码只能用一次，30 分钟内有效。</translation>
    </message>
    <message>
      <source>On the other counter: village-pos pair {address}:{port} {code}</source>
      <translation>在另一台收银机上运行：village-pos pair {address}:{port} {code}</translation>
    </message>
    <message>
      <source>change how the server starts</source>
      <translation>更改数据库服务的启动方式</translation>
    </message>
  </context>
  <context>
    <name>ServicesPage</name>
    <message>
      <source>Services: top-ups and bills</source>
      <translation>便民服务：充值缴费</translation>
    </message>
    <message>
      <source>Pay (Alt+1)</source>
      <translation>缴费 (Alt+1)</translation>
    </message>
    <message>
      <source>Day's payments (Alt+2)</source>
      <translation>当日缴费 (Alt+2)</translation>
    </message>
    <message>
      <source>Pay a service</source>
      <translation>办理缴费</translation>
    </message>
    <message>
      <source>The day's service payments</source>
      <translation>当日便民缴费</translation>
    </message>
    <message>
      <source>Take the payment and print the receipt</source>
      <translation>收款并打印小票</translation>
    </message>
    <message>
      <source>Clear the form for the next payment</source>
      <translation>清空表单，办下一笔</translation>
    </message>
    <message>
      <source>Reprint the chosen payment's receipt</source>
      <translation>补打选中缴费的小票</translation>
    </message>
    <message>
      <source>Refund the chosen payment (owner's PIN)</source>
      <translation>退还选中的缴费（需店主密码）</translation>
    </message>
    <message>
      <source>The list of the day before</source>
      <translation>前一天的列表</translation>
    </message>
    <message>
      <source>The list of the day after</source>
      <translation>后一天的列表</translation>
    </message>
    <message>
      <source>A preset amount (10, 20, 30, 50, 100, 200 yuan)</source>
      <translation>常用金额（10、20、30、50、100、200 元）</translation>
    </message>
    <message>
      <source>Enter</source>
      <translation>回车</translation>
    </message>
    <message>
      <source>Next field; on the fee, take the payment</source>
      <translation>下一栏；在手续费栏回车即收款</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>扫码</translation>
    </message>
    <message>
      <source>A B or F receipt number shows that payment in the list; on the form, a scan is the account</source>
      <translation>扫 B 或 F 开头的单号：在列表中显示那笔缴费；在缴费表单上扫码：填入号码/户号</translation>
    </message>
    <message>
      <source>The services and their commissions are set by the county centre.</source>
      <translation>便民业务和佣金由县级中心设置。</translation>
    </message>
    <message>
      <source>The county centre's list of services could not be read; the station's own is used.</source>
      <translation>县级中心下发的业务列表无法读取，现用本站自己的列表。</translation>
    </message>
    <message>
      <source>No service is offered: the owner adds them in Settings (F9) → Services.</source>
      <translation>还没有开通便民业务：请店主在 设置(F9) → 便民服务 中添加。</translation>
    </message>
    <message>
      <source>{number}  {account}  {total}  change {change}</source>
      <translation>{number}  {account}  {total}  找零 {change}</translation>
    </message>
    <message>
      <source>{service} {amount} paid into {account}. Now pay it on the provider's system.</source>
      <translation>{service} {amount} 已收款，号码 {account}。请在缴费平台上完成缴费。</translation>
    </message>
    <message>
      <source>There is no service payment with number {number}.</source>
      <translation>没有单号为 {number} 的便民缴费。</translation>
    </message>
    <message>
      <source>{number}: {service} {amount} into {account}, {status}.</source>
      <translation>{number}：{service} {amount}，号码 {account}，{status}。</translation>
    </message>
    <message>
      <source>Choose a payment in the day's list first (Alt+2).</source>
      <translation>请先在当日缴费列表里选一笔（Alt+2）。</translation>
    </message>
    <message>
      <source>Receipt {number} reprinted.</source>
      <translation>小票 {number} 已重印。</translation>
    </message>
    <message>
      <source>Service payment {number} was refunded already.</source>
      <translation>缴费 {number} 已经退过款了。</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Why is {number} ({amount} into {account}) refunded?</source>
      <translation>为什么退 {number}（{amount}，号码 {account}）？</translation>
    </message>
    <message>
      <source>refund {amount} of service payment {number}</source>
      <translation>退还便民缴费 {number} 的 {amount}</translation>
    </message>
    <message>
      <source>{number} refunded: {amount}</source>
      <translation>{number} 已退款：{amount}</translation>
    </message>
    <message>
      <source>, {cash} in cash from the drawer</source>
      <translation>，从钱箱退现金 {cash}</translation>
    </message>
  </context>
  <context>
    <name>ServicesTab</name>
    <message>
      <source>e.g. broadband (letters, digits, _)</source>
      <translation>如 broadband（字母、数字、_）</translation>
    </message>
    <message>
      <source>Mobile number</source>
      <translation>手机号</translation>
    </message>
    <message>
      <source>Bill account (digits and letters)</source>
      <translation>户号（数字和字母）</translation>
    </message>
    <message>
      <source>Offered at the counter</source>
      <translation>已开通</translation>
    </message>
    <message>
      <source>separated by commas, e.g. 国网湖南省电力</source>
      <translation>用逗号分开，如 国网湖南省电力</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Paid into</source>
      <translation>充值到</translation>
    </message>
    <message>
      <source>Commission (% of the amount)</source>
      <translation>佣金（金额的百分比）</translation>
    </message>
    <message>
      <source>Commission per payment (yuan)</source>
      <translation>每笔固定佣金（元）</translation>
    </message>
    <message>
      <source>Usual fee charged (yuan)</source>
      <translation>默认手续费（元）</translation>
    </message>
    <message>
      <source>Providers</source>
      <translation>缴费单位</translation>
    </message>
    <message>
      <source>A new rule counts for later payments only: each payment keeps its commission.</source>
      <translation>新的佣金规则只对以后的缴费有效：每笔缴费保留当时算出的佣金。</translation>
    </message>
    <message>
      <source>New service</source>
      <translation>新增业务</translation>
    </message>
    <message>
      <source>Save services</source>
      <translation>保存便民业务</translation>
    </message>
    <message>
      <source>The county centre sets these services and their commissions while the station is linked: they are shown here and cannot be changed.</source>
      <translation>本站已接入县级中心，便民业务和佣金由县级中心设置：这里只能查看，不能修改。</translation>
    </message>
    <message>
      <source>The county centre's list of services could not be read ({error}); the station's own list below is used.</source>
      <translation>县级中心下发的业务列表无法读取（{error}），现用本站自己的列表。</translation>
    </message>
    <message>
      <source>The services offered on the Services page (F11). Only the owner saves.</source>
      <translation>便民服务页（F11）办理的业务。只有店主可以保存。</translation>
    </message>
    <message>
      <source>{name}: {percent}% + {fixed} per payment, fee {fee}</source>
      <translation>{name}：{percent}% + 每笔 {fixed}，手续费 {fee}</translation>
    </message>
    <message>
      <source> (not offered)</source>
      <translation>（未开通）</translation>
    </message>
    <message>
      <source>change the services and their commissions</source>
      <translation>修改便民业务和佣金</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
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
    <message>
      <source>Printer and scanner</source>
      <translation>打印机和扫码枪</translation>
    </message>
    <message>
      <source>Scale, SMS modem and speech</source>
      <translation>电子秤、短信猫、语音</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>包裹</translation>
    </message>
    <message>
      <source>Parcel pickup</source>
      <translation>取件设置</translation>
    </message>
    <message>
      <source>Assisted purchases</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>Sales and receipts</source>
      <translation>收银与小票</translation>
    </message>
    <message>
      <source>Services</source>
      <translation>便民服务</translation>
    </message>
    <message>
      <source>Income rates</source>
      <translation>收入费率</translation>
    </message>
    <message>
      <source>Shifts</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Several counters</source>
      <translation>多柜台</translation>
    </message>
    <message>
      <source>County centre</source>
      <translation>县级中心</translation>
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
      <source>6 digits suggested (4 to 8)</source>
      <translation>建议 6 位数字（4 到 8 位）</translation>
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
      <source>&amp;Join an existing station (second counter)…</source>
      <translation>加入已有站点（第二台收银台）(&amp;J)…</translation>
    </message>
    <message>
      <source>The two PINs are not the same.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
  </context>
  <context>
    <name>ShiftPage</name>
    <message>
      <source>Shift and cash drawer</source>
      <translation>交班与钱箱</translation>
    </message>
    <message>
      <source>&amp;Open shift</source>
      <translation>开班(&amp;O)</translation>
    </message>
    <message>
      <source>Cash &amp;in</source>
      <translation>存入现金(&amp;I)</translation>
    </message>
    <message>
      <source>Cash o&amp;ut</source>
      <translation>取出现金(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;X report</source>
      <translation>X 报表(&amp;X)</translation>
    </message>
    <message>
      <source>&amp;Close shift</source>
      <translation>交班(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Print again</source>
      <translation>重新打印(&amp;P)</translation>
    </message>
    <message>
      <source>Recent shifts (Enter shows the report)</source>
      <translation>最近班次（回车查看报表）</translation>
    </message>
    <message>
      <source>Move between the buttons and fields; Enter presses the chosen one</source>
      <translation>在按钮和输入框之间移动；回车按下选中的按钮</translation>
    </message>
    <message>
      <source>Count</source>
      <translation>清点</translation>
    </message>
    <message>
      <source>Closing: type the number of each note and coin; the total and the difference show at once</source>
      <translation>交班时：输入每种纸币和硬币的张数，总额和差额会立即显示</translation>
    </message>
    <message>
      <source>No shift is open.</source>
      <translation>当前没有开班。</translation>
    </message>
    <message>
      <source>Open a shift with the cash in the drawer before taking money.</source>
      <translation>收款前请先清点钱箱里的现金并开班。</translation>
    </message>
    <message>
      <source>Shift {number} open since {time} ({name})</source>
      <translation>班次 {number}，{time} 开班（{name}）</translation>
    </message>
    <message>
      <source>Float {float} · expected in drawer {expected} · all tenders {total}</source>
      <translation>备用金 {float} · 钱箱应有 {expected} · 全部合计 {total}</translation>
    </message>
    <message>
      <source>The shift so far (not printed)</source>
      <translation>本班至今（未打印）</translation>
    </message>
    <message>
      <source>Today's closed shifts by counter:</source>
      <translation>今天已交班的班次（按收银台）：</translation>
    </message>
    <message>
      <source>Station total</source>
      <translation>全站合计</translation>
    </message>
    <message>
      <source>{name}: {shifts} · all tenders {total} · cash expected {expected} · counted {counted} · variance {variance}</source>
      <translation>{name}：{shifts} · 全部收款 {total} · 应有现金 {expected} · 点钞 {counted} · 差额 {variance}</translation>
    </message>
    <message>
      <source>{number} · open</source>
      <translation>{number} · 未交班</translation>
    </message>
    <message>
      <source>{number} · {counter} · open</source>
      <translation>{number} · {counter} · 进行中</translation>
    </message>
    <message>
      <source>{number} · {closed} · variance {variance}</source>
      <translation>{number} · {closed} · 差额 {variance}</translation>
    </message>
    <message>
      <source>X report, printed</source>
      <translation>X 报表，已打印</translation>
    </message>
    <message>
      <source>Z report, printed: shift {number} is closed</source>
      <translation>Z 报表，已打印：班次 {number} 已交班</translation>
    </message>
    <message>
      <source>Backing up the database…</source>
      <translation>正在备份数据库…</translation>
    </message>
    <message>
      <source>The backup failed: {reason}</source>
      <translation>备份失败：{reason}</translation>
    </message>
    <message>
      <source>Z report of shift {number}</source>
      <translation>班次 {number} 的 Z 报表</translation>
    </message>
  </context>
  <context>
    <name>ShiftSettingsTab</name>
    <message>
      <source>Owner must approve a variance above</source>
      <translation>差额超过此金额须站长批准</translation>
    </message>
    <message>
      <source>A shift closed with more or less cash than expected always needs a reason; above this amount an assistant also needs the owner's PIN.</source>
      <translation>交班时现金多于或少于应有金额，都必须填写原因；超过此金额时，店员还需要站长输入 PIN。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>change the variance limit</source>
      <translation>更改差额限额</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
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
      <source>Counter: {name}</source>
      <translation>收银台：{name}</translation>
    </message>
    <message>
      <source>online</source>
      <translation>在线</translation>
    </message>
    <message>
      <source>off</source>
      <translation>离线</translation>
    </message>
    <message>
      <source>shift {number}</source>
      <translation>班次 {number}</translation>
    </message>
    <message>
      <source>no shift</source>
      <translation>未开班</translation>
    </message>
    <message>
      <source>{name}: {state}, {shift}</source>
      <translation>{name}：{state}，{shift}</translation>
    </message>
    <message>
      <source>Other counters: {list}</source>
      <translation>其他收银台：{list}</translation>
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
    <name>SummaryView</name>
    <message>
      <source>Parcels by carrier</source>
      <translation>各快递公司包裹</translation>
    </message>
    <message>
      <source>Overdue parcels, oldest first</source>
      <translation>超期包裹（最早的在前）</translation>
    </message>
    <message>
      <source>Assisted purchases</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>Totals for the partner's commission</source>
      <translation>合伙人佣金汇总</translation>
    </message>
    <message>
      <source>Counter sales</source>
      <translation>柜台销售</translation>
    </message>
    <message>
      <source>Sales by category</source>
      <translation>按类别销售</translation>
    </message>
    <message>
      <source>Sales by tender (after refunds)</source>
      <translation>按付款方式销售（已扣退款）</translation>
    </message>
    <message>
      <source>Services: top-ups and bills</source>
      <translation>便民服务：充值缴费</translation>
    </message>
    <message>
      <source>Cash reconciliation</source>
      <translation>现金对账</translation>
    </message>
    <message>
      <source>Shifts</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>Handed over</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>In stock</source>
      <translation>在库</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>超期</translation>
    </message>
    <message>
      <source>In stock and overdue: as of {as_of}. Overdue: {days} days or more in stock; {due} parcels have been in stock {return_days} days or more and are due to go back to the courier.</source>
      <translation>在库和超期数截至{as_of}。超期：在库 {days} 天及以上；其中 {due} 件已在库 {return_days} 天及以上，应退回快递公司。</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <source>Checked in</source>
      <translation>入库时间</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单数</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Placed</source>
      <translation>已下单</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>已到货</translation>
    </message>
    <message>
      <source>Collected</source>
      <translation>已取货</translation>
    </message>
    <message>
      <source>Cancelled or refunded</source>
      <translation>已取消或退款</translation>
    </message>
    <message>
      <source>Taken at the counter for orders: {received}; given back: {refunded}.</source>
      <translation>代购在柜台收款 {received}，退还 {refunded}。</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>品名</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Orders placed and not cancelled</source>
      <translation>下单且未取消的订单</translation>
    </message>
    <message>
      <source>Goods value</source>
      <translation>商品金额</translation>
    </message>
    <message>
      <source>Service fees</source>
      <translation>服务费</translation>
    </message>
    <message>
      <source>Order totals</source>
      <translation>订单总额</translation>
    </message>
    <message>
      <source>Sales</source>
      <translation>收银</translation>
    </message>
    <message>
      <source>Goods and services</source>
      <translation>商品和服务</translation>
    </message>
    <message>
      <source>Discounts</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>Sales total</source>
      <translation>销售额</translation>
    </message>
    <message>
      <source>Refunds ({n})</source>
      <translation>退款（{n} 笔）</translation>
    </message>
    <message>
      <source>Net sales</source>
      <translation>销售净额</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Category amounts are before whole-sale discounts and refunds.</source>
      <translation>类别金额未扣整单优惠和退款。</translation>
    </message>
    <message>
      <source>Tender</source>
      <translation>付款方式</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Payments</source>
      <translation>笔数</translation>
    </message>
    <message>
      <source>Fees</source>
      <translation>手续费</translation>
    </message>
    <message>
      <source>Commission</source>
      <translation>佣金</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>What for</source>
      <translation>款项</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile pay</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Villager accounts: {charged} put on account, {settled} paid off; villagers owe {owed} in all at the end of the period.</source>
      <translation>村民赊账：新增赊账 {charged}，还款 {settled}；期末村民共欠 {owed}。</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Opened</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>交班</translation>
    </message>
    <message>
      <source>Float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>应有</translation>
    </message>
    <message>
      <source>Counted</source>
      <translation>实点</translation>
    </message>
    <message>
      <source>Difference</source>
      <translation>差额</translation>
    </message>
    <message>
      <source>still open</source>
      <translation>尚未交班</translation>
    </message>
  </context>
  <context>
    <name>TenderDialog</name>
    <message>
      <source>Payment</source>
      <translation>收款</translation>
    </message>
    <message>
      <source>To pay: {amount}</source>
      <translation>应收：{amount}</translation>
    </message>
    <message>
      <source>transaction number on the customer's phone (needed from {amount})</source>
      <translation>顾客手机上的交易单号（{amount} 起必填）</translation>
    </message>
    <message>
      <source>transaction number on the customer's phone</source>
      <translation>顾客手机上的交易单号</translation>
    </message>
    <message>
      <source>name, pinyin initials or phone's last 4 digits</source>
      <translation>姓名、拼音首字母或手机尾号 4 位</translation>
    </message>
    <message>
      <source>no villager chosen</source>
      <translation>未选择村民</translation>
    </message>
    <message>
      <source>&amp;Cash received</source>
      <translation>实收现金(&amp;C)</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>Mobile &amp;reference</source>
      <translation>移动支付流水号(&amp;R)</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>&amp;Villager</source>
      <translation>村民(&amp;V)</translation>
    </message>
    <message>
      <source>Alt+M: all by mobile payment   Alt+A: all on account   Enter: confirm   Esc: back</source>
      <translation>Alt+M：全部移动支付   Alt+A：全部赊账   Enter：确认   Esc：返回</translation>
    </message>
    <message>
      <source>Confirm payment</source>
      <translation>确认收款</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <source>Villager: {name}, owes {balance}</source>
      <translation>村民：{name}，欠款 {balance}</translation>
    </message>
    <message>
      <source>Check the amounts</source>
      <translation>请检查金额</translation>
    </message>
    <message>
      <source>Still to pay: {amount}</source>
      <translation>还差：{amount}</translation>
    </message>
    <message>
      <source>Change: {amount}</source>
      <translation>找零：{amount}</translation>
    </message>
  </context>
  <context>
    <name>UserDialog</name>
    <message>
      <source>6 digits suggested (4 to 8)</source>
      <translation>建议 6 位数字（4 到 8 位）</translation>
    </message>
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
    <name>VillagerForm</name>
    <message>
      <source>13812345678, or 138****5678 as on a waybill</source>
      <translation>13812345678，或面单上的 138****5678</translation>
    </message>
    <message>
      <source>for example 三组</source>
      <translation>例如 三组</translation>
    </message>
    <message>
      <source>Shift+Enter starts a new line</source>
      <translation>Shift+回车 换行</translation>
    </message>
    <message>
      <source>Agrees that the station delivers parcels to the door</source>
      <translation>同意由服务站送货上门</translation>
    </message>
    <message>
      <source>No SMS notices</source>
      <translation>不发短信通知</translation>
    </message>
    <message>
      <source>Asked not to get SMS notices (the modem skips them)</source>
      <translation>不接收短信通知（短信猫会跳过）</translation>
    </message>
    <message>
      <source>Name *</source>
      <translation>姓名 *</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Village group</source>
      <translation>村民小组</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>户</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Delivery</source>
      <translation>送货</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>短信</translation>
    </message>
    <message>
      <source>Save (Enter)</source>
      <translation>保存（回车）</translation>
    </message>
    <message>
      <source>Cancel (Esc)</source>
      <translation>取消（Esc）</translation>
    </message>
  </context>
  <context>
    <name>VillagerPicker</name>
    <message>
      <source>Name, pinyin initials or last 4 digits of the phone</source>
      <translation>姓名、拼音首字母或手机后四位</translation>
    </message>
    <message>
      <source>No villager chosen</source>
      <translation>还没有选择村民</translation>
    </message>
    <message>
      <source>owes {amount}</source>
      <translation>欠款 {amount}</translation>
    </message>
    <message>
      <source>For: {name} {phone}</source>
      <translation>代购给：{name} {phone}</translation>
    </message>
  </context>
  <context>
    <name>VillagerPickerDialog</name>
    <message>
      <source>Which villager?</source>
      <translation>是哪位村民？</translation>
    </message>
    <message>
      <source>Several villagers fit this phone number and name. Choose the recipient.</source>
      <translation>有几位村民符合这个手机号和姓名，请选择收件人。</translation>
    </message>
    <message>
      <source>None of these: check in for {name} as typed</source>
      <translation>都不是：按输入的“{name}”入库</translation>
    </message>
    <message>
      <source>None of these: check in with the phone number only</source>
      <translation>都不是：只按手机号入库</translation>
    </message>
  </context>
  <context>
    <name>VillagersPage</name>
    <message>
      <source>Villagers</source>
      <translation>村民</translation>
    </message>
    <message>
      <source>Search: name, pinyin initials (zs for 张三) or phone tail (5678)</source>
      <translation>搜索：姓名、拼音首字母（zs 找张三）或手机尾号（5678）</translation>
    </message>
    <message>
      <source>Show deactivated</source>
      <translation>显示已停用</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>组</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>户</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Owes</source>
      <translation>欠款</translation>
    </message>
    <message>
      <source>New villager (Ctrl+N)</source>
      <translation>新增村民（Ctrl+N）</translation>
    </message>
    <message>
      <source>Import CSV… (owner)</source>
      <translation>导入 CSV…（店主）</translation>
    </message>
    <message>
      <source>Export CSV… (owner)</source>
      <translation>导出 CSV…（店主）</translation>
    </message>
    <message>
      <source>Payment received… (Ctrl+P)</source>
      <translation>收到还款…（Ctrl+P）</translation>
    </message>
    <message>
      <source>Adjust balance… (owner)</source>
      <translation>调整欠款…（店主）</translation>
    </message>
    <message>
      <source>Deactivate (owner)</source>
      <translation>停用（店主）</translation>
    </message>
    <message>
      <source>Delete (owner)</source>
      <translation>删除（店主）</translation>
    </message>
    <message>
      <source>Delivery consent… (Ctrl+D)</source>
      <translation>送货上门同意…（Ctrl+D）</translation>
    </message>
    <message>
      <source>History</source>
      <translation>往来记录</translation>
    </message>
    <message>
      <source>Search by name, pinyin initials, phone or its last 4 digits</source>
      <translation>按姓名、拼音首字母、手机号或后 4 位搜索</translation>
    </message>
    <message>
      <source>Add a villager</source>
      <translation>新增村民</translation>
    </message>
    <message>
      <source>Record a payment into the villager's account</source>
      <translation>记录村民还款（入账）</translation>
    </message>
    <message>
      <source>Delivery consent: its log, and a new entry (given or withdrawn)</source>
      <translation>送货上门同意：查看记录，登记新的同意或撤回</translation>
    </message>
    <message>
      <source>Open the chosen villager</source>
      <translation>打开选中的村民</translation>
    </message>
    <message>
      <source>{name} (deactivated)</source>
      <translation>{name}（已停用）</translation>
    </message>
    <message>
      <source>The first {count} villagers; type more to narrow the search.</source>
      <translation>只显示前 {count} 位村民，请多输入几个字缩小范围。</translation>
    </message>
    <message>
      <source>Nobody found. Ctrl+N adds a new villager.</source>
      <translation>没有找到。按 Ctrl+N 新增村民。</translation>
    </message>
    <message>
      <source>{count} villagers</source>
      <translation>共 {count} 位村民</translation>
    </message>
    <message>
      <source>New villager</source>
      <translation>新增村民</translation>
    </message>
    <message>
      <source>Reactivate (owner)</source>
      <translation>重新启用（店主）</translation>
    </message>
    <message>
      <source>Saved: {name}.</source>
      <translation>已保存：{name}。</translation>
    </message>
    <message>
      <source>Payment recorded for {name}.</source>
      <translation>已记录 {name} 的还款。</translation>
    </message>
    <message>
      <source>adjust a villager's balance</source>
      <translation>调整村民欠款</translation>
    </message>
    <message>
      <source>Balance of {name} adjusted.</source>
      <translation>已调整 {name} 的欠款。</translation>
    </message>
    <message>
      <source>deactivate or reactivate a villager</source>
      <translation>停用或重新启用村民</translation>
    </message>
    <message>
      <source>{name} is deactivated.</source>
      <translation>{name} 已停用。</translation>
    </message>
    <message>
      <source>{name} is active again.</source>
      <translation>{name} 已重新启用。</translation>
    </message>
    <message>
      <source>delete a villager</source>
      <translation>删除村民</translation>
    </message>
    <message>
      <source>Delete villager</source>
      <translation>删除村民</translation>
    </message>
    <message>
      <source>Delete {name} from the register? This cannot be undone.</source>
      <translation>要从村民名册中删除 {name} 吗？删除后无法恢复。</translation>
    </message>
    <message>
      <source>{name} was deleted.</source>
      <translation>{name} 已删除。</translation>
    </message>
    <message>
      <source>Import villagers</source>
      <translation>导入村民</translation>
    </message>
    <message>
      <source>CSV files (*.csv *.txt)</source>
      <translation>CSV 文件 (*.csv *.txt)</translation>
    </message>
    <message>
      <source>Export villagers</source>
      <translation>导出村民</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>import villagers from a CSV file</source>
      <translation>从 CSV 文件导入村民</translation>
    </message>
    <message>
      <source>Nothing was imported.</source>
      <translation>没有导入任何数据。</translation>
    </message>
    <message>
      <source>{file} has no villagers to import.</source>
      <translation>{file} 中没有可导入的村民。</translation>
    </message>
    <message>
      <source>Imported {count} villagers from {file}.</source>
      <translation>已从 {file} 导入 {count} 位村民。</translation>
    </message>
    <message>
      <source>export the villager register</source>
      <translation>导出村民名册</translation>
    </message>
    <message>
      <source>Exported {count} villagers to {file}.</source>
      <translation>已导出 {count} 位村民到 {file}。</translation>
    </message>
  </context>
  <context>
    <name>WeighDialog</name>
    <message>
      <source>Weigh</source>
      <translation>称重</translation>
    </message>
    <message>
      <source>{name}: {price} per {unit}</source>
      <translation>{name}：每{unit} {price}</translation>
    </message>
    <message>
      <source>Put it on the scale and press Enter when the weight is steady.</source>
      <translation>放到秤上，重量稳定后按回车。</translation>
    </message>
    <message>
      <source>No scale: type the weight in {unit}, then Enter.</source>
      <translation>没有电子秤：请输入重量（{unit}），然后按回车。</translation>
    </message>
    <message>
      <source>Take the weight</source>
      <translation>读取重量</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <source>Nothing on the scale.</source>
      <translation>秤上没有东西。</translation>
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
    <name>account_services</name>
    <message>
      <source>Phone top-up</source>
      <translation>话费充值</translation>
    </message>
    <message>
      <source>Electricity bill</source>
      <translation>电费代缴</translation>
    </message>
    <message>
      <source>Water bill</source>
      <translation>水费代缴</translation>
    </message>
    <message>
      <source>Gas bill</source>
      <translation>燃气费代缴</translation>
    </message>
    <message>
      <source>China Mobile</source>
      <translation>中国移动</translation>
    </message>
    <message>
      <source>China Unicom</source>
      <translation>中国联通</translation>
    </message>
    <message>
      <source>China Telecom</source>
      <translation>中国电信</translation>
    </message>
    <message>
      <source>China Broadnet</source>
      <translation>中国广电</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Amount paid in</source>
      <translation>充值/缴费金额</translation>
    </message>
    <message>
      <source>Handling fee</source>
      <translation>手续费</translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>缴费单位</translation>
    </message>
    <message>
      <source>Number / account</source>
      <translation>号码/户号</translation>
    </message>
    <message>
      <source>Paid at</source>
      <translation>缴费时间</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>批准人</translation>
    </message>
    <message>
      <source>Keep this receipt until the money has arrived.</source>
      <translation>请保留本小票，直到确认到账。</translation>
    </message>
    <message>
      <source>paid</source>
      <translation>已缴费</translation>
    </message>
    <message>
      <source>refunded</source>
      <translation>已全退</translation>
    </message>
  </context>
  <context>
    <name>backup_job</name>
    <message>
      <source>No backup needed.</source>
      <translation>无需备份。</translation>
    </message>
    <message>
      <source>Backup saved: {name}</source>
      <translation>备份已保存：{name}</translation>
    </message>
    <message>
      <source>Copy saved in {folder}</source>
      <translation>副本已保存到 {folder}</translation>
    </message>
    <message>
      <source>The disk is short of room: {count} older backups were deleted to make room for this one.</source>
      <translation>硬盘空间不足：已删除 {count} 份较早的备份，为这次备份腾出空间。</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>The daily backup failed: {reason}</source>
      <translation>每日备份失败：{reason}</translation>
    </message>
  </context>
  <context>
    <name>cli</name>
    <message>
      <source>Backup written: {path}</source>
      <translation>备份已写入：{path}</translation>
    </message>
    <message>
      <source>Copy written: {path}</source>
      <translation>副本已写入：{path}</translation>
    </message>
    <message>
      <source>Cannot write {file}: {problem}</source>
      <translation>无法写入 {file}：{problem}</translation>
    </message>
    <message>
      <source>Wrote {count} parcels to {file}.</source>
      <translation>已将 {count} 件包裹写入 {file}。</translation>
    </message>
    <message>
      <source>Wrote {count} products to {file}.</source>
      <translation>已将 {count} 个商品写入 {file}。</translation>
    </message>
    <message>
      <source>Wrote {count} assisted purchases to {file}.</source>
      <translation>已将 {count} 笔代购订单写入 {file}。</translation>
    </message>
    <message>
      <source>Wrote {count} sales to {file}.</source>
      <translation>已将 {count} 笔销售写入 {file}。</translation>
    </message>
    <message>
      <source>Exported {count} villagers to {file}</source>
      <translation>已导出 {count} 位村民到 {file}</translation>
    </message>
    <message>
      <source>Cannot read {file}: {reason}</source>
      <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
      <source>line {line}: {reason}</source>
      <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
      <source>{bad} of {rows} rows rejected; nothing was imported (--skip-bad-rows imports the good rows).</source>
      <translation>{rows} 行中有 {bad} 行被拒绝，未导入任何数据（加 --skip-bad-rows 可导入其余正确的行）。</translation>
    </message>
    <message>
      <source>{added} products added, {updated} updated, {bad} rows skipped.</source>
      <translation>新增 {added} 个商品，更新 {updated} 个，跳过 {bad} 行。</translation>
    </message>
    <message>
      <source>Line {line}, column {column_en}: {reason}</source>
      <translation>第 {line} 行，“{column_zh}”列：{reason}</translation>
    </message>
    <message>
      <source>Line {line}: {reason}</source>
      <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
      <source>Nothing was imported: {bad} of {rows} rows are bad. Correct them, or run again with --skip-bad-rows to import the {good} good rows.</source>
      <translation>没有导入任何数据：{rows} 行中有 {bad} 行有问题。请改正后重新导入，或加上 --skip-bad-rows 只导入正确的 {good} 行。</translation>
    </message>
    <message>
      <source>Imported {count} villagers; {skipped} bad rows skipped.</source>
      <translation>已导入 {count} 位村民；跳过了 {skipped} 行有问题的数据。</translation>
    </message>
    <message>
      <source>Station '{station}' created with owner {owner}. Data folder: {folder}</source>
      <translation>站点“{station}”已创建，店主：{owner}。数据文件夹：{folder}</translation>
    </message>
    <message>
      <source>This station is no longer linked to a county centre.</source>
      <translation>本站已与县级中心解除关联。</translation>
    </message>
    <message>
      <source>Linking failed: {reason}</source>
      <translation>关联失败：{reason}</translation>
    </message>
    <message>
      <source>Linked to {url} as {name}. Run village-pos sync to send everything now.</source>
      <translation>已关联到 {url}，站点名称：{name}。运行 village-pos sync 可立即上传全部数据。</translation>
    </message>
    <message>
      <source>Station moved: {rows} records in {tables} tables, counts and sums checked. This data folder now uses {url}; the file {file} was left as it was.</source>
      <translation>服务站已迁移：{tables} 张表共 {rows} 条记录，条数和合计已核对。此数据文件夹现在使用 {url}；原文件 {file} 保持不变。</translation>
    </message>
    <message>
      <source>Paired: this counter now uses the station database {url}.</source>
      <translation>配对成功：这台收银机现在使用服务站数据库 {url}。</translation>
    </message>
    <message>
      <source>Restored the station database from {file}.</source>
      <translation>已从 {file} 恢复站点数据库。</translation>
    </message>
    <message>
      <source>The database it replaced was kept as {path}.</source>
      <translation>被替换的数据库已保存为 {path}。</translation>
    </message>
    <message>
      <source>Creating the station database server (once)…</source>
      <translation>正在创建服务站数据库服务（只需一次）…</translation>
    </message>
    <message>
      <source>On the other counter, run:</source>
      <translation>在另一台收银机上运行：</translation>
    </message>
    <message>
      <source>The code works once, for 30 minutes.</source>
      <translation>配对码只能用一次，30 分钟内有效。</translation>
    </message>
    <message>
      <source>No station database server on this PC. Create and start it with: village-pos server start</source>
      <translation>这台电脑上还没有服务站数据库服务。用以下命令创建并启动：village-pos server start</translation>
    </message>
    <message>
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>Station database server: {state}, address {address}:{port}, data {folder}</source>
      <translation>服务站数据库服务：{state}，地址 {address}:{port}，数据在 {folder}</translation>
    </message>
    <message>
      <source>Run in a Command Prompt opened as administrator, with the server stopped (village-pos server stop):</source>
      <translation>请在以管理员身份打开的命令提示符中运行（先停止数据库服务：village-pos server stop）：</translation>
    </message>
    <message>
      <source>Save as /etc/systemd/system/village-pos-db.service, stop the server (village-pos server stop), then run the last line:</source>
      <translation>保存为 /etc/systemd/system/village-pos-db.service，停止数据库服务（village-pos server stop），然后运行最后一行：</translation>
    </message>
    <message>
      <source>Sync failed: {reason}</source>
      <translation>同步失败：{reason}</translation>
    </message>
    <message>
      <source>Up: {records} records in {batches} batches ({up}); {older} already held by the county.</source>
      <translation>上传：{records} 条记录，共 {batches} 批（{up}）；其中 {older} 条县级中心已有。</translation>
    </message>
    <message>
      <source>Down: {manifests} manifests with {lines} waybills; settings version {version}.</source>
      <translation>下载：{manifests} 份配送清单，共 {lines} 个运单；设置版本 {version}。</translation>
    </message>
    <message>
      <source>Restored database: {n} records the county lacked were sent again.</source>
      <translation>数据库已从备份恢复：已重新上传县级中心缺少的 {n} 条记录。</translation>
    </message>
    <message>
      <source>Warning: this computer's clock is {minutes} minutes off the county's.</source>
      <translation>警告：本机时钟与县级中心相差 {minutes} 分钟。</translation>
    </message>
    <message>
      <source>{n} changes are still to send.</source>
      <translation>还有 {n} 条变更未上传。</translation>
    </message>
    <message>
      <source>Everything is sent.</source>
      <translation>全部已上传。</translation>
    </message>
    <message>
      <source>Dates are written YYYY-MM-DD.</source>
      <translation>日期格式为 YYYY-MM-DD。</translation>
    </message>
    <message>
      <source>The last day must follow the first, at most a year later.</source>
      <translation>结束日期必须在开始日期之后，且最多相隔一年。</translation>
    </message>
  </context>
  <context>
    <name>county</name>
    <message>
      <source>Cannot reach the county database: {problem}</source>
      <translation>无法连接县级中心数据库：{problem}</translation>
    </message>
    <message>
      <source>The county database refused it: {problem}</source>
      <translation>县级中心数据库拒绝了该操作：{problem}</translation>
    </message>
    <message>
      <source>The county database is ready (schema {revision}).</source>
      <translation>县级中心数据库已就绪（结构版本 {revision}）。</translation>
    </message>
    <message>
      <source>Staff API token (shown only now; keep it safe): {token}</source>
      <translation>工作人员接口令牌（只显示这一次，请妥善保存）：{token}</translation>
    </message>
    <message>
      <source>County centre serving on http://{host}:{port}/api/ (Ctrl+C stops it)</source>
      <translation>县级中心服务已启动：http://{host}:{port}/api/（按 Ctrl+C 停止）</translation>
    </message>
    <message>
      <source>The station name is empty, longer than 100 characters or has control characters.</source>
      <translation>服务站名称为空、超过 100 个字符或含有控制字符。</translation>
    </message>
    <message>
      <source>Station {name} added.</source>
      <translation>已添加服务站 {name}。</translation>
    </message>
    <message>
      <source>Station {name} exists; here is a new enrolment code for it.</source>
      <translation>服务站 {name} 已存在；这是它的新接入码。</translation>
    </message>
    <message>
      <source>Enrolment code (one use, valid {days} days): {code}</source>
      <translation>接入码（只能使用一次，{days} 天内有效）：{code}</translation>
    </message>
    <message>
      <source>On the station: Settings → County centre, or `village-pos link URL CODE`.</source>
      <translation>在服务站上：设置 → 县级中心，或运行 `village-pos link URL CODE`。</translation>
    </message>
    <message>
      <source>There is no station called {name}.</source>
      <translation>没有名为 {name} 的服务站。</translation>
    </message>
    <message>
      <source>Station {name} revoked ({count} key(s)); its data stays. `county add-station {name}` gives it a new code.</source>
      <translation>已吊销服务站 {name} 的密钥（{count} 个）；其数据保留。运行 `county add-station {name}` 可为它生成新的接入码。</translation>
    </message>
    <message>
      <source>Cannot read {file}: {problem}</source>
      <translation>无法读取 {file}：{problem}</translation>
    </message>
    <message>
      <source>{file}: nothing imported; fix these rows:</source>
      <translation>{file}：未导入任何内容；请修正以下行：</translation>
    </message>
    <message>
      <source>line {line}: {reason}</source>
      <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
      <source>{file}: nothing imported: {problem}</source>
      <translation>{file}：未导入任何内容：{problem}</translation>
    </message>
    <message>
      <source>Manifest {uuid} for {station}: {count} waybills dispatched ({arrived} already checked in).</source>
      <translation>发往 {station} 的清单 {uuid}：已发出 {count} 个运单（其中 {arrived} 个已入库）。</translation>
    </message>
    <message>
      <source>No terminal to ask the password on: use --password-stdin.</source>
      <translation>没有可输入密码的终端：请使用 --password-stdin。</translation>
    </message>
    <message>
      <source>Password for {name}: </source>
      <translation>{name} 的密码：</translation>
    </message>
    <message>
      <source>The same password again: </source>
      <translation>再输入一次密码：</translation>
    </message>
    <message>
      <source>The two passwords differ; nothing was changed.</source>
      <translation>两次输入的密码不一致，未做任何更改。</translation>
    </message>
    <message>
      <source>The password must have 8 to 200 characters; nothing was changed.</source>
      <translation>密码须为 8 到 200 个字符，未做任何更改。</translation>
    </message>
    <message>
      <source>The name is empty, longer than 50 characters or has control characters.</source>
      <translation>用户名为空、超过 50 个字符或含有控制字符。</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <source>viewer</source>
      <translation>查看者</translation>
    </message>
    <message>
      <source>Staff account {name} added ({role}); log in at the county server's address.</source>
      <translation>已添加员工账号 {name}（{role}），请在县级中心服务器的网址登录。</translation>
    </message>
    <message>
      <source>Staff account {name} updated ({role}): new password, unlocked, logged out everywhere.</source>
      <translation>员工账号 {name} 已更新（{role}）：密码已更换，已解除锁定，所有登录已退出。</translation>
    </message>
    <message>
      <source>No county database: give --db URL or set {env}.</source>
      <translation>没有指定县级中心数据库：请使用 --db URL 或设置环境变量 {env}。</translation>
    </message>
    <message>
      <source>'{url}' is not a database address; write it like postgresql+psycopg://user:password@host/county.</source>
      <translation>“{url}”不是数据库地址；请写成 postgresql+psycopg://用户:密码@主机/county 的形式。</translation>
    </message>
    <message>
      <source>The county centre runs on PostgreSQL only (postgresql+psycopg://user:password@host/county).</source>
      <translation>县级中心只能使用 PostgreSQL 数据库（postgresql+psycopg://用户:密码@主机/county）。</translation>
    </message>
    <message>
      <source>This database is not a county database: run `village-pos county init --db URL` first.</source>
      <translation>这不是县级中心数据库：请先运行 `village-pos county init --db URL`。</translation>
    </message>
    <message>
      <source>The county database is at schema {current}, this program needs {head}: run `village-pos county init --db URL` to upgrade it.</source>
      <translation>县级中心数据库的结构版本是 {current}，本程序需要 {head}：请运行 `village-pos county init --db URL` 升级。</translation>
    </message>
    <message>
      <source>the waybill is empty</source>
      <translation>运单号为空</translation>
    </message>
    <message>
      <source>the waybill {waybill} is longer than 40 characters</source>
      <translation>运单号 {waybill} 超过 40 个字符</translation>
    </message>
    <message>
      <source>waybill {waybill} is already on line {first}</source>
      <translation>运单号 {waybill} 已在第 {first} 行出现</translation>
    </message>
    <message>
      <source>'{phone}' is not a mobile number (13812341234 or 138****1234)</source>
      <translation>“{phone}”不是手机号（应为 13812341234 或 138****1234）</translation>
    </message>
    <message>
      <source>the recipient's name is longer than 50 characters</source>
      <translation>收件人姓名超过 50 个字符</translation>
    </message>
    <message>
      <source>the carrier '{carrier}' is longer than 12 characters</source>
      <translation>快递公司“{carrier}”超过 12 个字符</translation>
    </message>
    <message>
      <source>the file is empty</source>
      <translation>文件为空</translation>
    </message>
    <message>
      <source>no waybill column (one of {names})</source>
      <translation>没有运单号列（列名应为 {names} 之一）</translation>
    </message>
    <message>
      <source>the file has no waybills</source>
      <translation>文件中没有运单</translation>
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
      <translation>无交易打开钱箱</translation>
    </message>
    <message>
      <source>preview (no printer)</source>
      <translation>预览（无打印机）</translation>
    </message>
    <message>
      <source>ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <source>paper low</source>
      <translation>纸将用完</translation>
    </message>
    <message>
      <source>out of paper</source>
      <translation>缺纸</translation>
    </message>
    <message>
      <source>not responding</source>
      <translation>无响应</translation>
    </message>
    <message>
      <source>status unknown</source>
      <translation>状态未知</translation>
    </message>
    <message>
      <source>, {n} job(s) waiting</source>
      <translation>，{n} 个任务等待中</translation>
    </message>
    <message>
      <source>Modem not found on {port}, reconnecting…</source>
      <translation>未在 {port} 找到短信猫，正在重新连接…</translation>
    </message>
    <message>
      <source>Modem: no SIM card</source>
      <translation>短信猫：未插 SIM 卡</translation>
    </message>
    <message>
      <source>Modem: the SIM card needs its PIN</source>
      <translation>短信猫：SIM 卡需要 PIN 码</translation>
    </message>
    <message>
      <source>Modem: the SIM card is locked (PUK)</source>
      <translation>短信猫：SIM 卡已锁（需 PUK 码）</translation>
    </message>
    <message>
      <source>Modem: the SIM card failed</source>
      <translation>短信猫：SIM 卡故障</translation>
    </message>
    <message>
      <source>Modem: the network refused the SIM card</source>
      <translation>短信猫：网络拒绝了这张 SIM 卡</translation>
    </message>
    <message>
      <source>Modem ready, signal {bars}/4</source>
      <translation>短信猫就绪，信号 {bars}/4</translation>
    </message>
    <message>
      <source>Modem ready (roaming), signal {bars}/4</source>
      <translation>短信猫就绪（漫游），信号 {bars}/4</translation>
    </message>
    <message>
      <source>Modem: no signal</source>
      <translation>短信猫：无信号</translation>
    </message>
    <message>
      <source>Modem: searching for the network, signal {bars}/4</source>
      <translation>短信猫：正在搜索网络，信号 {bars}/4</translation>
    </message>
    <message>
      <source>Scale connected ({port})</source>
      <translation>电子秤已连接（{port}）</translation>
    </message>
    <message>
      <source>Scale not found on {port}, reconnecting…</source>
      <translation>未在 {port} 找到电子秤，正在重新连接…</translation>
    </message>
    <message>
      <source>connected ({port})</source>
      <translation>已连接（{port}）</translation>
    </message>
    <message>
      <source>not found on {port}, reconnecting…</source>
      <translation>未在 {port} 找到，正在重新连接…</translation>
    </message>
    <message>
      <source>keyboard mode</source>
      <translation>键盘模式</translation>
    </message>
    <message>
      <source>Spoken feedback with the voice {voice}</source>
      <translation>语音播报：{voice}</translation>
    </message>
    <message>
      <source>No Chinese voice on this PC, so the app beeps instead. Add the Chinese (Simplified) speech pack in Windows Settings › Time &amp; language › Speech, then restart the app.</source>
      <translation>这台电脑没有中文语音，软件改用提示音。请在 Windows 设置 › 时间和语言 › 语音 中添加“中文（简体）”语音包，然后重新启动软件。</translation>
    </message>
    <message>
      <source>No Chinese voice on this PC, so the app beeps instead. Install espeak-ng (or speech-dispatcher with espeak-ng) to hear results spoken.</source>
      <translation>这台电脑没有中文语音，软件改用提示音。安装 espeak-ng（或 speech-dispatcher 加 espeak-ng）即可听到语音播报。</translation>
    </message>
    <message>
      <source>Printer test page</source>
      <translation>打印机测试页</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>打印机</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>纸宽</translation>
    </message>
    <message>
      <source>Profile</source>
      <translation>型号配置</translation>
    </message>
    <message>
      <source>Encoding</source>
      <translation>编码</translation>
    </message>
    <message>
      <source>If every line above is readable, Chinese printing works.</source>
      <translation>以上各行都能看清，说明中文打印正常。</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>等待中</translation>
    </message>
    <message>
      <source>printing</source>
      <translation>打印中</translation>
    </message>
    <message>
      <source>printed</source>
      <translation>已打印</translation>
    </message>
    <message>
      <source>check paper: printed or not?</source>
      <translation>请查看纸张：是否已打出？</translation>
    </message>
    <message>
      <source>cannot print</source>
      <translation>无法打印</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>小票</translation>
    </message>
    <message>
      <source>test page</source>
      <translation>测试页</translation>
    </message>
    <message>
      <source>open drawer</source>
      <translation>开钱箱</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <source>The product list has no dates: leave out --from and --to.</source>
      <translation>商品清单没有日期：请去掉 --from 和 --to。</translation>
    </message>
    <message>
      <source>'{text}' is not a date; write it as YYYY-MM-DD.</source>
      <translation>“{text}”不是日期，请写成 YYYY-MM-DD（例如 2024-03-15）。</translation>
    </message>
    <message>
      <source>The data folder {folder} already uses a database server: nothing was moved.</source>
      <translation>数据文件夹 {folder} 已经在使用数据库服务，没有迁移任何内容。</translation>
    </message>
    <message>
      <source>Village Station POS is running on {folder}. Close it first.</source>
      <translation>村级服务站收银系统正在使用 {folder}，请先关闭它。</translation>
    </message>
    <message>
      <source>Cannot write {file}: {problem}</source>
      <translation>无法写入 {file}：{problem}</translation>
    </message>
    <message>
      <source>The daily report takes --date, not --month.</source>
      <translation>日报用 --date，不用 --month。</translation>
    </message>
    <message>
      <source>The monthly statement takes --month, not --date.</source>
      <translation>月报用 --month，不用 --date。</translation>
    </message>
    <message>
      <source>Say which month: --month YYYY-MM, for example --month 2026-11.</source>
      <translation>请指定月份：--month 年-月，例如 --month 2026-11。</translation>
    </message>
    <message>
      <source>{file} is a folder; give the PDF file's name.</source>
      <translation>{file} 是文件夹，请给出 PDF 文件名。</translation>
    </message>
    <message>
      <source>The folder {folder} does not exist.</source>
      <translation>文件夹 {folder} 不存在。</translation>
    </message>
    <message>
      <source>'{url}' is not a database address; write it like postgresql+psycopg://user:password@host/database.</source>
      <translation>“{url}”不是数据库地址，请写成 postgresql+psycopg://用户名:密码@主机/数据库 的形式。</translation>
    </message>
    <message>
      <source>{url}: only SQLite and PostgreSQL databases can be used.</source>
      <translation>{url}：只能使用 SQLite 或 PostgreSQL 数据库。</translation>
    </message>
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
      <source>Print job {id} does not exist</source>
      <translation>打印任务 {id} 不存在</translation>
    </message>
    <message>
      <source>The app stopped while this was printing; check the paper</source>
      <translation>打印过程中程序已停止，请查看是否已打出</translation>
    </message>
    <message>
      <source>Cancelled: the notice was withdrawn</source>
      <translation>已取消：通知已撤回</translation>
    </message>
    <message>
      <source>The app stopped while this SMS was being sent; ask the villager</source>
      <translation>发送这条短信时程序中断，请问村民是否收到</translation>
    </message>
    <message>
      <source>The disk is full, so this was not saved. Free some space on the computer (delete old files, empty the recycle bin), then try again.</source>
      <translation>磁盘已满，本次操作没有保存。请清理电脑上的空间（删除旧文件、清空回收站）后再试。</translation>
    </message>
    <message>
      <source>The data folder is read-only, so this was not saved. Check the folder's permissions or the disk, then try again.</source>
      <translation>数据文件夹是只读的，本次操作没有保存。请检查文件夹权限或磁盘后再试。</translation>
    </message>
    <message>
      <source>The disk reported an error while saving, so this was not saved. Check the disk and its cable, then try again; if it happens again, ask for help.</source>
      <translation>保存时磁盘出错，本次操作没有保存。请检查磁盘及连接线后再试；如果再次出现，请联系技术支持。</translation>
    </message>
    <message>
      <source>The connection to the station's database server is lost, so this was not saved. Check the network cable to the main PC; the app carries on by itself when the connection is back.</source>
      <translation>与服务站数据库服务器的连接已断开，这次操作没有保存。请检查连到主电脑的网线；连接恢复后软件会自动继续。</translation>
    </message>
    <message>
      <source>Not saved: the connection to the station's database server is lost, and nothing can be recorded until it is back (see the red banner).</source>
      <translation>没有保存：与服务站数据库服务器的连接已断开，连接恢复前不能记录任何操作（见红色提示条）。</translation>
    </message>
    <message>
      <source>The connection to the database server was lost while saving: this may or may not have been saved. When the connection is back, look it up before doing it again.</source>
      <translation>保存时与数据库服务器的连接断开了：这次操作可能已保存，也可能没有。连接恢复后请先查一下，再决定是否重做。</translation>
    </message>
    <message>
      <source>Printer is off or unplugged</source>
      <translation>打印机已关机或未连接</translation>
    </message>
    <message>
      <source>The modem did not answer {command}</source>
      <translation>短信猫没有响应 {command}</translation>
    </message>
    <message>
      <source>The modem did not ask for the message</source>
      <translation>短信猫没有提示输入短信内容</translation>
    </message>
    <message>
      <source>The modem refused the command</source>
      <translation>短信猫拒绝了命令</translation>
    </message>
    <message>
      <source>The modem is not connected</source>
      <translation>短信猫未连接</translation>
    </message>
    <message>
      <source>The modem was unplugged while sending</source>
      <translation>发送时短信猫被拔出</translation>
    </message>
    <message>
      <source>Printer is not responding</source>
      <translation>打印机无响应</translation>
    </message>
    <message>
      <source>The scale is not connected</source>
      <translation>电子秤未连接</translation>
    </message>
    <message>
      <source>The scale sends no weight: is it switched on?</source>
      <translation>电子秤没有发送重量：是否已开机？</translation>
    </message>
    <message>
      <source>The scale is overloaded or out of range</source>
      <translation>电子秤超载或超出量程</translation>
    </message>
    <message>
      <source>The weight is not stable yet</source>
      <translation>重量还未稳定</translation>
    </message>
    <message>
      <source>The weight is below zero: take the tare again</source>
      <translation>重量小于零：请重新去皮</translation>
    </message>
    <message>
      <source>Cannot write to printer {path}: {reason}</source>
      <translation>无法写入打印机 {path}：{reason}</translation>
    </message>
    <message>
      <source>Printer did not take the job: {reason}</source>
      <translation>打印机未接收任务：{reason}</translation>
    </message>
    <message>
      <source>This computer cannot use '{kind}' printers: {package} is not installed</source>
      <translation>本机无法使用“{kind}”打印机：未安装 {package}</translation>
    </message>
    <message>
      <source>A service's amount is out of range.</source>
      <translation>业务的金额超出范围。</translation>
    </message>
    <message>
      <source>A service kind is not in the right form.</source>
      <translation>业务格式不对。</translation>
    </message>
    <message>
      <source>A service kind's code must be lower-case letters, digits and _ (at most 30).</source>
      <translation>业务代码只能用小写字母、数字和 _（最多 30 个）。</translation>
    </message>
    <message>
      <source>A service's name has at most {max} characters.</source>
      <translation>业务名称最多 {max} 个字。</translation>
    </message>
    <message>
      <source>Give the service '{code}' a name.</source>
      <translation>请给业务“{code}”起个名称。</translation>
    </message>
    <message>
      <source>A service kind's account type is 'mobile' or 'account'.</source>
      <translation>业务的账号类型只能是 mobile（手机号）或 account（户号）。</translation>
    </message>
    <message>
      <source>A service kind's providers are not in the right form.</source>
      <translation>业务的缴费单位格式不对。</translation>
    </message>
    <message>
      <source>A provider's name is empty or longer than {max} characters.</source>
      <translation>缴费单位名称为空或超过 {max} 个字。</translation>
    </message>
    <message>
      <source>The list of services is not in the right form.</source>
      <translation>便民业务列表格式不对。</translation>
    </message>
    <message>
      <source>The service '{code}' is listed twice.</source>
      <translation>业务“{code}”重复了。</translation>
    </message>
    <message>
      <source>Enter the account number the bill is paid into.</source>
      <translation>请输入缴费户号。</translation>
    </message>
    <message>
      <source>'{account}' is not an account number: use digits and letters only.</source>
      <translation>“{account}”不是户号：只能用数字和字母。</translation>
    </message>
    <message>
      <source>An account number has {low} to {high} characters.</source>
      <translation>户号应为 {low} 到 {high} 位。</translation>
    </message>
    <message>
      <source>The amount must be more than zero.</source>
      <translation>金额必须大于零。</translation>
    </message>
    <message>
      <source>An amount above {limit} is not accepted; check the amount.</source>
      <translation>金额不能超过 {limit}，请检查金额。</translation>
    </message>
    <message>
      <source>The fee cannot be negative.</source>
      <translation>手续费不能为负数。</translation>
    </message>
    <message>
      <source>A fee above {limit} is not accepted; check the amount.</source>
      <translation>手续费不能超过 {limit}，请检查金额。</translation>
    </message>
    <message>
      <source>A commission is a percentage from 0 to 100 with at most two decimals.</source>
      <translation>佣金比例是 0 到 100 的百分数，最多两位小数。</translation>
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
      <source>A product is sold by piece, by jin or by kg.</source>
      <translation>商品按件、按斤或按公斤出售。</translation>
    </message>
    <message>
      <source>A weight is more than 0 and at most {max} kg.</source>
      <translation>重量须大于 0，最多 {max} 公斤。</translation>
    </message>
    <message>
      <source>'{text}' is not a weight: type it like 1.25.</source>
      <translation>“{text}”不是重量：请按 1.25 这样输入。</translation>
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
      <source>A price must be more than zero.</source>
      <translation>价格必须大于零。</translation>
    </message>
    <message>
      <source>A price above {limit} is not accepted; check the amount.</source>
      <translation>价格不能高于 {limit}，请检查金额。</translation>
    </message>
    <message>
      <source>A quantity is a whole number from 1 to {max}.</source>
      <translation>数量须为 1 到 {max} 的整数。</translation>
    </message>
    <message>
      <source>A discount must be more than zero.</source>
      <translation>折扣必须大于零。</translation>
    </message>
    <message>
      <source>A percentage discount is from 1 to 100.</source>
      <translation>百分比折扣须在 1 到 100 之间。</translation>
    </message>
    <message>
      <source>The discount {discount} is more than the amount {amount}.</source>
      <translation>折扣 {discount} 超过了金额 {amount}。</translation>
    </message>
    <message>
      <source>A weighed item is sold by its weight: weigh it again instead of changing the quantity.</source>
      <translation>称重商品按重量出售：请重新称重，不要改数量。</translation>
    </message>
    <message>
      <source>A payment amount cannot be negative.</source>
      <translation>收款金额不能为负数。</translation>
    </message>
    <message>
      <source>Enter the mobile payment's reference number.</source>
      <translation>请输入移动支付的流水号。</translation>
    </message>
    <message>
      <source>Choose the villager whose account this goes on.</source>
      <translation>请选择记账的村民。</translation>
    </message>
    <message>
      <source>Mobile and on-account payments ({paid}) are more than the total {total}.</source>
      <translation>移动支付和赊账合计 {paid}，超过了应收 {total}。</translation>
    </message>
    <message>
      <source>{short} is still to be paid.</source>
      <translation>还差 {short} 未付。</translation>
    </message>
    <message>
      <source>Only {left} of this line can still be refunded.</source>
      <translation>这一行最多还能退 {left} 件。</translation>
    </message>
    <message>
      <source>'{text}' is not a number of notes or coins.</source>
      <translation>“{text}”不是张数或枚数。</translation>
    </message>
    <message>
      <source>At most {max} pieces of one kind.</source>
      <translation>同一面额最多 {max} 张（枚）。</translation>
    </message>
    <message>
      <source>{value} is not a banknote or coin.</source>
      <translation>{value} 不是人民币面额。</translation>
    </message>
    <message>
      <source>The opening float must be between {low} and {high}.</source>
      <translation>备用金必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
      <source>The amount must be more than {low} and at most {high}.</source>
      <translation>金额必须大于 {low}，且不超过 {high}。</translation>
    </message>
    <message>
      <source>Please give a reason.</source>
      <translation>请填写原因。</translation>
    </message>
    <message>
      <source>The reason is too long ({max} characters at most).</source>
      <translation>原因太长（最多 {max} 个字）。</translation>
    </message>
    <message>
      <source>Volume must be between 0 and 100</source>
      <translation>音量必须在 0 到 100 之间</translation>
    </message>
    <message>
      <source>Key gap must be between 5 and 500 ms</source>
      <translation>按键间隔必须在 5 到 500 毫秒之间</translation>
    </message>
    <message>
      <source>Minimum scan length must be between 2 and 100</source>
      <translation>最短扫码长度必须在 2 到 100 之间</translation>
    </message>
    <message>
      <source>Paper is 58 mm or 80 mm</source>
      <translation>纸宽只能是 58 毫米或 80 毫米</translation>
    </message>
    <message>
      <source>Unknown text encoding {encoding}</source>
      <translation>未知的文字编码 {encoding}</translation>
    </message>
    <message>
      <source>Unknown printer profile {profile}</source>
      <translation>未知的打印机型号配置 {profile}</translation>
    </message>
    <message>
      <source>Drawer pin is 2 or 5</source>
      <translation>钱箱引脚只能是 2 或 5</translation>
    </message>
    <message>
      <source>Unknown printer '{spec}': use preview, file:PATH, usb:VID:PID, serial:PORT[@BAUD], net:HOST[:PORT], win32:QUEUE or cups:QUEUE</source>
      <translation>无法识别的打印机“{spec}”：请使用 preview、file:路径、usb:VID:PID、serial:端口[@波特率]、net:主机[:端口]、win32:队列 或 cups:队列</translation>
    </message>
    <message>
      <source>'{kind}:' needs a name after the colon, for example {example}</source>
      <translation>“{kind}:”后面要写名称，例如 {example}</translation>
    </message>
    <message>
      <source>USB printers are given as usb:VID:PID in hex, for example usb:0416:5011</source>
      <translation>USB 打印机请按 usb:厂商ID:产品ID（十六进制）填写，例如 usb:0416:5011</translation>
    </message>
    <message>
      <source>USB vendor and product ids cannot be 0</source>
      <translation>USB 厂商ID和产品ID不能为 0</translation>
    </message>
    <message>
      <source>Give the printer's address, for example net:192.168.1.50 or net:192.168.1.50:9100</source>
      <translation>请填写打印机地址，例如 net:192.168.1.50 或 net:192.168.1.50:9100</translation>
    </message>
    <message>
      <source>A network port is a number from 1 to 65535</source>
      <translation>网络端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
      <source>Baud rate {baud} is not supported; use one of {rates}</source>
      <translation>不支持波特率 {baud}，请使用以下之一：{rates}</translation>
    </message>
    <message>
      <source>Give a serial port, for example serial:/dev/ttyACM0 or serial:COM3</source>
      <translation>请填写串口，例如 serial:/dev/ttyACM0 或 serial:COM3</translation>
    </message>
    <message>
      <source>Unknown scale '{spec}': use 'serial:PORT[@BAUD][,7E1][,PROTOCOL]' with PROTOCOL one of {protocols}</source>
      <translation>无法识别的电子秤“{spec}”：请写成 serial:端口[@波特率][,7E1][,协议]，协议为 {protocols} 之一</translation>
    </message>
    <message>
      <source>Unknown scale setting '{option}': give a framing like 8N1 or 7E1, a protocol ({protocols}) or a unit (kg, g, lb)</source>
      <translation>无法识别的电子秤设置“{option}”：请填写数据格式（如 8N1 或 7E1）、协议（{protocols}）或单位（kg、g、lb）</translation>
    </message>
    <message>
      <source>Unknown modem '{spec}': use 'serial:PORT[@BAUD]', for example serial:/dev/ttyUSB2 or serial:COM5</source>
      <translation>无法识别的短信猫“{spec}”：请写成 serial:端口[@波特率]，例如 serial:/dev/ttyUSB2 或 serial:COM5</translation>
    </message>
    <message>
      <source>Unknown scanner '{spec}': use 'wedge' (keyboard) or 'serial:PORT[@BAUD]'</source>
      <translation>无法识别的扫码枪“{spec}”：请使用 wedge（键盘模式）或 serial:端口[@波特率]</translation>
    </message>
    <message>
      <source>A rate is not in the right form.</source>
      <translation>费率格式不正确。</translation>
    </message>
    <message>
      <source>A rate names an income source that does not exist.</source>
      <translation>费率中的收入来源不存在。</translation>
    </message>
    <message>
      <source>A rate's category is not valid.</source>
      <translation>费率的类别无效。</translation>
    </message>
    <message>
      <source>A parcel fee must say whether it is paid per check-in or per handover.</source>
      <translation>包裹费必须写明是按入库还是按取件计费。</translation>
    </message>
    <message>
      <source>A rate's start date is not a valid date.</source>
      <translation>费率的起始日期不是有效日期。</translation>
    </message>
    <message>
      <source>A rate's amount is out of range.</source>
      <translation>费率的金额超出范围。</translation>
    </message>
    <message>
      <source>The rate table is not in the right form.</source>
      <translation>费率表格式不正确。</translation>
    </message>
    <message>
      <source>'{text}' is not a percentage (for example 3.5).</source>
      <translation>“{text}”不是百分比（例如 3.5）。</translation>
    </message>
    <message>
      <source>The number does not exist (network code {code})</source>
      <translation>号码不存在（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The operator refused the message (network code {code})</source>
      <translation>运营商拒绝了这条短信（网络代码 {code}）</translation>
    </message>
    <message>
      <source>Calls and messages to this number are barred (network code {code})</source>
      <translation>该号码已被限制通话和短信（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network failed; the message will be tried again (network code {code})</source>
      <translation>网络故障，稍后会重发（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network rejected the message (network code {code})</source>
      <translation>网络拒收了这条短信（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The destination is out of service (network code {code})</source>
      <translation>对方号码暂停服务（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The number is not valid (network code {code})</source>
      <translation>号码无效（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network is out of order for now (network code {code})</source>
      <translation>网络暂时不可用（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network failed for now (network code {code})</source>
      <translation>网络暂时故障（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network is congested (network code {code})</source>
      <translation>网络拥堵（网络代码 {code}）</translation>
    </message>
    <message>
      <source>SMS is not subscribed for this SIM card (network code {code})</source>
      <translation>这张 SIM 卡没有开通短信业务（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The network does not offer this SMS service (network code {code})</source>
      <translation>网络不提供这项短信服务（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The modem failed (CMS {code}); it will be tried again</source>
      <translation>短信猫故障（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>The modem's SMS service is busy (CMS {code}); it will be tried again</source>
      <translation>短信猫的短信服务忙（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>The modem did not allow the command (CMS {code})</source>
      <translation>短信猫不允许此操作（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem does not support this (CMS {code})</source>
      <translation>短信猫不支持此操作（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem refused the message as invalid (CMS {code})</source>
      <translation>短信猫认为短信格式无效而拒收（CMS {code}）</translation>
    </message>
    <message>
      <source>No SIM card in the modem (CMS {code})</source>
      <translation>短信猫里没有 SIM 卡（CMS {code}）</translation>
    </message>
    <message>
      <source>The SIM card needs its PIN (CMS {code})</source>
      <translation>SIM 卡需要 PIN 码（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem is locked to another SIM card (CMS {code})</source>
      <translation>短信猫锁定了其他 SIM 卡（CMS {code}）</translation>
    </message>
    <message>
      <source>The SIM card failed (CMS {code})</source>
      <translation>SIM 卡故障（CMS {code}）</translation>
    </message>
    <message>
      <source>The SIM card is busy (CMS {code}); it will be tried again</source>
      <translation>SIM 卡忙（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>The SIM card is wrong (CMS {code})</source>
      <translation>SIM 卡不对（CMS {code}）</translation>
    </message>
    <message>
      <source>The SIM card is locked: it needs its PUK (CMS {code})</source>
      <translation>SIM 卡已锁，需要 PUK 码（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem's message memory failed (CMS {code})</source>
      <translation>短信猫的短信存储故障（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem's message memory is full (CMS {code})</source>
      <translation>短信猫的短信存储已满（CMS {code}）</translation>
    </message>
    <message>
      <source>The SIM card has no SMS centre number (CMS {code}): set it with AT+CSCA</source>
      <translation>SIM 卡没有短信中心号码（CMS {code}）：请用 AT+CSCA 设置</translation>
    </message>
    <message>
      <source>No network (CMS {code}); it will be tried again</source>
      <translation>没有网络（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>The network did not answer in time (CMS {code}); it will be tried again</source>
      <translation>网络响应超时（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>The modem gave an unknown error (CMS {code}); it will be tried again</source>
      <translation>短信猫报告未知错误（CMS {code}），稍后会重发</translation>
    </message>
    <message>
      <source>No SIM card in the modem</source>
      <translation>短信猫里没有 SIM 卡</translation>
    </message>
    <message>
      <source>The SIM card needs its PIN: unlock it in a phone and turn the PIN off</source>
      <translation>SIM 卡需要 PIN 码：请放进手机解锁并关闭 PIN 码</translation>
    </message>
    <message>
      <source>The SIM card is locked: it needs its PUK</source>
      <translation>SIM 卡已锁，需要 PUK 码</translation>
    </message>
    <message>
      <source>The SIM card failed</source>
      <translation>SIM 卡故障</translation>
    </message>
    <message>
      <source>The SIM card is busy</source>
      <translation>SIM 卡忙</translation>
    </message>
    <message>
      <source>No network</source>
      <translation>没有网络</translation>
    </message>
    <message>
      <source>The network refused the message (network code {code})</source>
      <translation>网络拒绝了这条短信（网络代码 {code}）</translation>
    </message>
    <message>
      <source>The modem refused the message (CMS {code})</source>
      <translation>短信猫拒绝了这条短信（CMS {code}）</translation>
    </message>
    <message>
      <source>The modem reported error {code}</source>
      <translation>短信猫报告错误 {code}</translation>
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
      <source>The order's present status does not allow this.</source>
      <translation>订单当前的状态不允许这样操作。</translation>
    </message>
    <message>
      <source>Item {row}: say what the goods are.</source>
      <translation>第 {row} 项：请写明是什么商品。</translation>
    </message>
    <message>
      <source>Item {row}: the description is too long (at most 200 characters).</source>
      <translation>第 {row} 项：商品描述太长（最多 200 个字）。</translation>
    </message>
    <message>
      <source>Item {row}: the quantity must be a whole number from 1 to {max}.</source>
      <translation>第 {row} 项：数量必须是 1 到 {max} 之间的整数。</translation>
    </message>
    <message>
      <source>The goods category is too long (at most 50 characters).</source>
      <translation>商品类别太长（最多 50 个字）。</translation>
    </message>
    <message>
      <source>Item {row}: the price must be more than zero.</source>
      <translation>第 {row} 项：单价必须大于零。</translation>
    </message>
    <message>
      <source>Item {row}: the price is above the limit of {limit}.</source>
      <translation>第 {row} 项：单价超过上限 {limit}。</translation>
    </message>
    <message>
      <source>Item {row}: '{text}' is not a price (for example 12.50).</source>
      <translation>第 {row} 项：“{text}”不是价格（例如 12.50）。</translation>
    </message>
    <message>
      <source>The service fee must be from {low} to {high}.</source>
      <translation>服务费必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
      <source>'{number}' is too long for a platform order number.</source>
      <translation>“{number}”太长，不像平台订单号。</translation>
    </message>
    <message>
      <source>Choose how the villager pays.</source>
      <translation>请选择村民的付款方式。</translation>
    </message>
    <message>
      <source>Only a villager in the register can buy on account.</source>
      <translation>只有登记在册的村民才能记账。</translation>
    </message>
    <message>
      <source>The deposit must be at least {low} and less than the total {total}.</source>
      <translation>定金不能少于 {low}，且必须少于总额 {total}。</translation>
    </message>
    <message>
      <source>A deposit is paid in cash or by mobile payment.</source>
      <translation>定金只能用现金或移动支付。</translation>
    </message>
    <message>
      <source>Type the mobile payment's reference (the last digits of the transaction number).</source>
      <translation>请输入移动支付的凭证号（交易单号的后几位）。</translation>
    </message>
    <message>
      <source>The payment reference is too long.</source>
      <translation>支付凭证号太长。</translation>
    </message>
    <message>
      <source>Unknown way of paying: {method}.</source>
      <translation>未知的付款方式：{method}。</translation>
    </message>
    <message>
      <source>Each payment must be more than zero.</source>
      <translation>每笔付款都必须大于零。</translation>
    </message>
    <message>
      <source>The payments add up to {paid}, but {due} is due.</source>
      <translation>付款合计 {paid}，但应付 {due}。</translation>
    </message>
    <message>
      <source>{item}: the refund must be more than zero.</source>
      <translation>{item}：退款金额必须大于零。</translation>
    </message>
    <message>
      <source>{item}: at most {limit} can still be refunded.</source>
      <translation>{item}：最多还能退 {limit}。</translation>
    </message>
    <message>
      <source>{item}: at most {count} can still be returned.</source>
      <translation>{item}：最多还能退回 {count} 件。</translation>
    </message>
    <message>
      <source>The refund is more than the order's open value.</source>
      <translation>退款金额超过了订单剩余的金额。</translation>
    </message>
    <message>
      <source>A barcode can only hold letters, digits and ASCII signs: {data}</source>
      <translation>条码只能包含字母、数字和英文符号：{data}</translation>
    </message>
    <message>
      <source>'{text}' is not a receipt number (for example R20261122-0007).</source>
      <translation>“{text}”不是小票号（例如 R20261122-0007）。</translation>
    </message>
    <message>
      <source>'{phone}' is not a phone number an SMS can go to</source>
      <translation>“{phone}”不是可以接收短信的号码</translation>
    </message>
    <message>
      <source>An SMS needs some text</source>
      <translation>短信不能为空</translation>
    </message>
    <message>
      <source>The SMS is too long: {parts} parts, at most {max} are sent</source>
      <translation>短信太长：需要 {parts} 条，最多只发 {max} 条</translation>
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
      <source>'{province}' is not a province of China.</source>
      <translation>“{province}”不是中国的省份。</translation>
    </message>
    <message>
      <source>The {carrier} tariff has no price for {province}.</source>
      <translation>{carrier} 的价目表没有寄往{province}的价格。</translation>
    </message>
    <message>
      <source>Each side is a whole number of cm from 1 to {max}.</source>
      <translation>每边长度为 1 到 {max} 的整数厘米。</translation>
    </message>
    <message>
      <source>An insured value is from ¥0 to ¥{max}.</source>
      <translation>保价金额为 ¥0 到 ¥{max}。</translation>
    </message>
    <message>
      <source>{carrier} insures at most ¥{max}.</source>
      <translation>{carrier} 最高保价 ¥{max}。</translation>
    </message>
    <message>
      <source>The tariff file {file} cannot be read: {problem}.</source>
      <translation>价目表文件 {file} 无法读取：{problem}。</translation>
    </message>
    <message>
      <source>The tariff file {file} has a mistake in {key}: {problem}.</source>
      <translation>价目表文件 {file} 的 {key} 有错误：{problem}。</translation>
    </message>
    <message>
      <source>This text holds a NUL character (\0), which is not text; correct it and save again.</source>
      <translation>这段文字含有空字符（\0），不是文字；请改正后再保存。</translation>
    </message>
    <message>
      <source>Please enter the villager's name.</source>
      <translation>请输入村民姓名。</translation>
    </message>
    <message>
      <source>The name is too long ({length} characters; {max} at most).</source>
      <translation>姓名太长（{length} 个字，最多 {max} 个）。</translation>
    </message>
    <message>
      <source>'{name}' is not a name: it has no letters or Chinese characters.</source>
      <translation>“{name}”不是姓名：其中没有汉字或字母。</translation>
    </message>
    <message>
      <source>This is too long ({length} characters; {max} at most).</source>
      <translation>内容太长（{length} 个字，最多 {max} 个）。</translation>
    </message>
    <message>
      <source>'{text}' is not yes or no: write yes/no, 是/否, 1/0 or true/false.</source>
      <translation>“{text}”不是“是”或“否”：请填写 是/否、yes/no、1/0 或 true/false。</translation>
    </message>
    <message>
      <source>'{text}' is not a date: write it as 2024-03-15 or 2024-03-15T09:30:00+08:00.</source>
      <translation>“{text}”不是日期：请写成 2024-03-15 或 2024-03-15T09:30:00+08:00。</translation>
    </message>
    <message>
      <source>{amount} is more than the register allows ({max}); check the amount.</source>
      <translation>{amount} 超过了允许的上限（{max}），请检查金额。</translation>
    </message>
    <message>
      <source>The consent date {date} is in the future.</source>
      <translation>同意日期 {date} 晚于今天。</translation>
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
      <source>The PostgreSQL programs are not installed with this copy of Village Station POS (package embedded-postgres).</source>
      <translation>此收银系统没有安装 PostgreSQL 程序（embedded-postgres 包）。</translation>
    </message>
    <message>
      <source>The PostgreSQL program {name} is missing from {folder}.</source>
      <translation>{folder} 中缺少 PostgreSQL 程序 {name}。</translation>
    </message>
    <message>
      <source>The station database {url} cannot be reached: {reason}</source>
      <translation>服务站数据库 {url} 连接不上：{reason}</translation>
    </message>
    <message>
      <source>The database server runs PostgreSQL {server}, newer than the backup programs shipped with the app ({ours}): update Village Station POS.</source>
      <translation>数据库服务运行的是 PostgreSQL {server}，比本系统自带的备份程序（{ours}）新：请升级收银系统。</translation>
    </message>
    <message>
      <source>pg_dump could not back up the station database: {reason}</source>
      <translation>pg_dump 无法备份服务站数据库：{reason}</translation>
    </message>
    <message>
      <source>The backup {name} is damaged or not a PostgreSQL backup: it was not restored. Choose another backup.</source>
      <translation>备份 {name} 已损坏或不是 PostgreSQL 备份，没有恢复。请选择其他备份。</translation>
    </message>
    <message>
      <source>{name} is not a Village Station POS backup.</source>
      <translation>{name} 不是村站收银的备份。</translation>
    </message>
    <message>
      <source>pg_restore failed: {reason}</source>
      <translation>pg_restore 失败：{reason}</translation>
    </message>
    <message>
      <source>A station can only be moved to a PostgreSQL server (postgresql+psycopg://user:password@host:port/database).</source>
      <translation>服务站只能迁移到 PostgreSQL 数据库（postgresql+psycopg://用户:密码@主机:端口/数据库）。</translation>
    </message>
    <message>
      <source>There is no station database at {path} to move.</source>
      <translation>{path} 没有可迁移的服务站数据库。</translation>
    </message>
    <message>
      <source>The station could not be moved, and it still runs on its own file: {reason}</source>
      <translation>服务站没能迁移，仍在使用原来的数据文件：{reason}</translation>
    </message>
    <message>
      <source>Start this version of Village Station POS on the station once (it updates the database), close it, then move the station.</source>
      <translation>请先用这个版本的收银系统启动一次（会更新数据库），关闭后再迁移服务站。</translation>
    </message>
    <message>
      <source>The station database has tables this version does not know ({tables}): nothing was moved.</source>
      <translation>服务站数据库中有这个版本不认识的表（{tables}），没有迁移任何内容。</translation>
    </message>
    <message>
      <source>The database {url} already holds a station (table {table} has records): nothing was moved. Use an empty database.</source>
      <translation>数据库 {url} 里已经有服务站（表 {table} 有记录），没有迁移任何内容。请使用空数据库。</translation>
    </message>
    <message>
      <source>The copy of table {table} does not match the station's file ({detail}); the station still runs on its own file.</source>
      <translation>表 {table} 的副本与原数据文件不一致（{detail}）；服务站仍在使用原来的数据文件。</translation>
    </message>
    <message>
      <source>'{code}' is not a pairing code: it has 8 letters and digits, like K7QM-4XPA, as shown on the main PC.</source>
      <translation>“{code}”不是配对码：配对码由 8 个字母和数字组成，例如 K7QM-4XPA，以主电脑上显示的为准。</translation>
    </message>
    <message>
      <source>'{address}' is not an address: write it like 192.168.1.10 or 192.168.1.10:5433, as shown on the main PC.</source>
      <translation>“{address}”不是地址：请按主电脑上显示的写，例如 192.168.1.10 或 192.168.1.10:5433。</translation>
    </message>
    <message>
      <source>The pairing code was not accepted: it is wrong, used already or older than 30 minutes. Show a new code on the main PC and try again.</source>
      <translation>配对码不对：可能输错了、已经用过或超过了 30 分钟。请在主电脑上重新生成配对码再试。</translation>
    </message>
    <message>
      <source>The main PC's database at {address} cannot be reached: check that the main PC is on, its server is started, and both PCs are on the same network. ({reason})</source>
      <translation>连接不上主电脑的数据库 {address}：请确认主电脑已开机、数据库服务已启动，两台电脑在同一个网络里。（{reason}）</translation>
    </message>
    <message>
      <source>The main PC has no pairing code ready: show a new one there.</source>
      <translation>主电脑上没有可用的配对码：请在主电脑上生成一个。</translation>
    </message>
    <message>
      <source>Paired, but the station database cannot be opened: {reason}</source>
      <translation>已配对，但服务站数据库打不开：{reason}</translation>
    </message>
    <message>
      <source>This PC has no station database server yet: run village-pos server start.</source>
      <translation>这台电脑上还没有服务站数据库服务：请运行 village-pos server start。</translation>
    </message>
    <message>
      <source>The server settings {file} cannot be read: {reason}</source>
      <translation>数据库服务的设置文件 {file} 读不出来：{reason}</translation>
    </message>
    <message>
      <source>The port {port} cannot be used: choose one from 1024 to 65535.</source>
      <translation>端口 {port} 不能用：请选 1024 到 65535 之间的端口。</translation>
    </message>
    <message>
      <source>{folder} is not empty but holds no complete server: move it away, then try again.</source>
      <translation>{folder} 不是空的，但里面没有完整的数据库服务：请把它移走后再试。</translation>
    </message>
    <message>
      <source>The station database server did not start: {reason} (see {log})</source>
      <translation>服务站数据库服务没有启动：{reason}（详见 {log}）</translation>
    </message>
    <message>
      <source>The station database server did not stop: {reason}</source>
      <translation>服务站数据库服务没有停止：{reason}</translation>
    </message>
    <message>
      <source>Start the station database server first.</source>
      <translation>请先启动服务站数据库服务。</translation>
    </message>
    <message>
      <source>PostgreSQL does not run as root: start the server as the station's own user.</source>
      <translation>PostgreSQL 不能用 root 运行：请用服务站自己的系统用户启动数据库服务。</translation>
    </message>
    <message>
      <source>{program} failed: {reason}</source>
      <translation>{program} 运行失败：{reason}</translation>
    </message>
    <message>
      <source>The county centre sets the services while this station is linked.</source>
      <translation>本站已接入县级中心，便民业务由县级中心设置。</translation>
    </message>
    <message>
      <source>The service '{code}' is not offered at this station.</source>
      <translation>本站没有开通业务“{code}”。</translation>
    </message>
    <message>
      <source>Choose or type the provider (operator, power company ...).</source>
      <translation>请选择或输入缴费单位（运营商、供电公司等）。</translation>
    </message>
    <message>
      <source>At most {max} characters.</source>
      <translation>最多 {max} 个字。</translation>
    </message>
    <message>
      <source>This villager is not in the register.</source>
      <translation>村民名册中没有这位村民。</translation>
    </message>
    <message>
      <source>There is no service payment with number {number}.</source>
      <translation>没有单号为 {number} 的便民缴费。</translation>
    </message>
    <message>
      <source>A refund needs the owner's approval.</source>
      <translation>退款需要站长批准。</translation>
    </message>
    <message>
      <source>Service payment {number} was refunded already.</source>
      <translation>缴费 {number} 已经退过款了。</translation>
    </message>
    <message>
      <source>Column {column}: the cell is {length} characters long ({max} at most); it is not what the column holds.</source>
      <translation>{column} 列：该单元格有 {length} 个字符（最多 {max} 个），不是这一列应有的内容。</translation>
    </message>
    <message>
      <source>Column {column}: the cell holds a NUL character (\0), which is not text. Correct the cell.</source>
      <translation>{column} 列：该单元格含有空字符（\0），不是文字。请改正该单元格。</translation>
    </message>
    <message>
      <source>'{value}' is not a date; write it as YYYY-MM-DD, for example 2026-11-20.</source>
      <translation>“{value}”不是日期；请按 YYYY-MM-DD 格式填写，例如 2026-11-20。</translation>
    </message>
    <message>
      <source>The first day {first} is after the last day {last}.</source>
      <translation>开始日期 {first} 晚于结束日期 {last}。</translation>
    </message>
    <message>
      <source>{file} is a folder; give the CSV file's name.</source>
      <translation>{file} 是一个文件夹，请给出 CSV 文件的名称。</translation>
    </message>
    <message>
      <source>Nothing was saved to {file}: the export of phone numbers could not be recorded in the audit log ({reason}). Check that the data folder can be written.</source>
      <translation>没有保存到 {file}：导出手机号码的操作无法记入审计日志（{reason}）。请检查数据文件夹是否可以写入。</translation>
    </message>
    <message>
      <source>Only the owner can change the printer and scanner settings.</source>
      <translation>只有店主可以修改打印机和扫码枪设置。</translation>
    </message>
    <message>
      <source>The county sets this station's income rates; they cannot be changed here.</source>
      <translation>本站的收入费率由县中心设定，不能在这里修改。</translation>
    </message>
    <message>
      <source>A rate for this already starts on {day}; rates are not changed in place: give the new rate a later start date.</source>
      <translation>这一项已有从 {day} 起的费率；费率不能直接修改，请给新费率一个更晚的起始日期。</translation>
    </message>
    <message>
      <source>Choose the carrier of this parcel.</source>
      <translation>请选择这件包裹的快递公司。</translation>
    </message>
    <message>
      <source>Parcel {waybill} was at the station before; confirm to check it in again.</source>
      <translation>包裹 {waybill} 以前到过本站；确认后才能再次入库。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is already checked in and waits for its phone number.</source>
      <translation>包裹 {waybill} 已入库，正在等待补录手机号。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is out for delivery (code {code}).</source>
      <translation>包裹 {waybill} 正在送货上门（取件码 {code}）。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is already on the shelf: {code}.</source>
      <translation>包裹 {waybill} 已在货架上：{code}。</translation>
    </message>
    <message>
      <source>Type the recipient's mobile number, or the last four digits and the name.</source>
      <translation>请输入收件人的手机号，或手机尾号四位加姓名。</translation>
    </message>
    <message>
      <source>Type the recipient's name as well: the label shows only part of the phone number.</source>
      <translation>请同时输入收件人姓名：面单上只有部分手机号。</translation>
    </message>
    <message>
      <source>This parcel is no longer recorded.</source>
      <translation>这件包裹已不在记录中。</translation>
    </message>
    <message>
      <source>This check-in was already undone.</source>
      <translation>这次入库已经撤销过了。</translation>
    </message>
    <message>
      <source>Parcel {waybill} has moved on since its check-in; it cannot be undone.</source>
      <translation>包裹 {waybill} 入库后已有后续操作，不能撤销。</translation>
    </message>
    <message>
      <source>Say why the notice could not be sent.</source>
      <translation>请说明通知为什么没发出去。</translation>
    </message>
    <message>
      <source>No free pickup code is left for layer {slot}.</source>
      <translation>{slot} 层已没有可用的取件码。</translation>
    </message>
    <message>
      <source>This villager is no longer in the register.</source>
      <translation>村民名册中已没有这位村民。</translation>
    </message>
    <message>
      <source>This stocktake does not exist.</source>
      <translation>该盘点不存在。</translation>
    </message>
    <message>
      <source>This stocktake is already finished; start a new one.</source>
      <translation>该盘点已结束，请开始新的盘点。</translation>
    </message>
    <message>
      <source>This return batch does not exist.</source>
      <translation>该退件批次不存在。</translation>
    </message>
    <message>
      <source>Return batch {number} is already closed.</source>
      <translation>退件批次 {number} 已经关闭。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is not on the shelves.</source>
      <translation>包裹 {waybill} 不在货架上。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is already in this batch.</source>
      <translation>包裹 {waybill} 已在此批次中。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is in another return batch.</source>
      <translation>包裹 {waybill} 在另一个退件批次中。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is for another courier ({carrier}); this batch is for {batch_carrier}. Close this batch first.</source>
      <translation>包裹 {waybill} 属于其他快递（{carrier}），本批次是 {batch_carrier} 的。请先关闭本批次。</translation>
    </message>
    <message>
      <source>Parcel {waybill} has been here only {days} day(s); it goes back after {limit}. Give a reason to return it early.</source>
      <translation>包裹 {waybill} 才到站 {days} 天，满 {limit} 天才退回。提前退回请说明原因。</translation>
    </message>
    <message>
      <source>That parcel is not in this batch.</source>
      <translation>该包裹不在此批次中。</translation>
    </message>
    <message>
      <source>Scan the parcels to return first.</source>
      <translation>请先扫描要退回的包裹。</translation>
    </message>
    <message>
      <source>Parcel {waybill} left the station meanwhile; remove it from the batch.</source>
      <translation>包裹 {waybill} 刚刚已出站，请把它从批次中移出。</translation>
    </message>
    <message>
      <source>Unknown carrier {carrier}.</source>
      <translation>未知快递公司 {carrier}。</translation>
    </message>
    <message>
      <source>Unknown parcel status {status}.</source>
      <translation>未知包裹状态 {status}。</translation>
    </message>
    <message>
      <source>The last day is before the first day.</source>
      <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
      <source>This parcel does not exist.</source>
      <translation>该包裹不存在。</translation>
    </message>
    <message>
      <source>The shelf layout is not readable.</source>
      <translation>货架设置无法读取。</translation>
    </message>
    <message>
      <source>Name at least one shelf, for example A B C D.</source>
      <translation>请至少填写一个货架名称，例如 A B C D。</translation>
    </message>
    <message>
      <source>'{shelf}' cannot name a shelf: use 1 to 3 letters or digits, such as A or B2.</source>
      <translation>“{shelf}”不能作为货架名称：请用 1 到 3 个字母或数字，例如 A 或 B2。</translation>
    </message>
    <message>
      <source>Each shelf needs its own name.</source>
      <translation>每个货架的名称不能重复。</translation>
    </message>
    <message>
      <source>At most {max} shelves.</source>
      <translation>最多 {max} 个货架。</translation>
    </message>
    <message>
      <source>A shelf has 1 to {max} layers.</source>
      <translation>每个货架有 1 到 {max} 层。</translation>
    </message>
    <message>
      <source>A layer holds 1 to {max} parcels.</source>
      <translation>每层可放 1 到 {max} 件包裹。</translation>
    </message>
    <message>
      <source>The notice text is empty.</source>
      <translation>通知内容为空。</translation>
    </message>
    <message>
      <source>The notice text is too long ({max} characters at most).</source>
      <translation>通知内容太长（最多 {max} 个字）。</translation>
    </message>
    <message>
      <source>The notice text may only use these placeholders: {known}. Write {{ and }} for a brace.</source>
      <translation>通知内容只能使用这些占位符：{known}。要显示花括号请写 {{ 和 }}。</translation>
    </message>
    <message>
      <source>The notice text must contain {{codes}}: villagers need their pickup codes.</source>
      <translation>通知内容必须包含 {{codes}}：村民需要知道取件码。</translation>
    </message>
    <message>
      <source>The short name is too long ({max} characters at most).</source>
      <translation>简称太长（最多 {max} 个字）。</translation>
    </message>
    <message>
      <source>A pickup code rests 0 to {max} days.</source>
      <translation>取件码停用天数为 0 到 {max} 天。</translation>
    </message>
    <message>
      <source>Layer {slot} is not in the shelf settings; choose another layer.</source>
      <translation>货架设置里没有 {slot} 层，请选择其他层。</translation>
    </message>
    <message>
      <source>Layer {slot} is full ({capacity} parcels); choose another layer or let the app choose.</source>
      <translation>{slot} 层已满（{capacity} 件），请选择其他层或改为自动分配。</translation>
    </message>
    <message>
      <source>The shelves are full: every layer holds {capacity} parcels. Hand parcels over or add shelves in Settings before checking in more.</source>
      <translation>货架已满：每层都已放满 {capacity} 件。请先让村民取走包裹，或在设置中增加货架，再继续入库。</translation>
    </message>
    <message>
      <source>Log in first.</source>
      <translation>请先登录。</translation>
    </message>
    <message>
      <source>No SMS modem is set up: choose it in Settings › Scale, SMS modem and speech first.</source>
      <translation>还没有设置短信猫：请先在“设置 › 电子秤、短信猫、语音”中选择。</translation>
    </message>
    <message>
      <source>Scan the parcel or type its pickup code.</source>
      <translation>请扫描包裹或输入取件码。</translation>
    </message>
    <message>
      <source>No parcel in stock has the code or waybill {query}.</source>
      <translation>库中没有取件码或运单号为 {query} 的包裹。</translation>
    </message>
    <message>
      <source>No delivery to the door for {names}: not in the villager register, so no consent is recorded. Register them and record their consent first.</source>
      <translation>不能给{names}送货上门：不在村民名册中，没有同意记录。请先登记村民并记录其同意。</translation>
    </message>
    <message>
      <source>No delivery to the door for {names}: consent was withdrawn (see the villager's consent log).</source>
      <translation>不能给{names}送货上门：已撤回同意（见村民的同意记录）。</translation>
    </message>
    <message>
      <source>No delivery to the door for {names}: no consent is recorded. Record it on the Villagers page (F8) first.</source>
      <translation>不能给{names}送货上门：没有同意记录。请先在村民页（F8）记录。</translation>
    </message>
    <message>
      <source>That parcel is not waiting for delivery.</source>
      <translation>该包裹不在待送货列表中。</translation>
    </message>
    <message>
      <source>No parcel is marked for delivery.</source>
      <translation>没有标记送货上门的包裹。</translation>
    </message>
    <message>
      <source>This delivery run does not exist.</source>
      <translation>该送货批次不存在。</translation>
    </message>
    <message>
      <source>This stop is already recorded.</source>
      <translation>这一站已经登记过了。</translation>
    </message>
    <message>
      <source>Enter who took the parcels.</source>
      <translation>请输入签收人。</translation>
    </message>
    <message>
      <source>Choose cash or mobile payment.</source>
      <translation>请选择现金或移动支付。</translation>
    </message>
    <message>
      <source>Collect {amount} before handing over.</source>
      <translation>交付前请先收取 {amount}。</translation>
    </message>
    <message>
      <source>The amount collected cannot be negative.</source>
      <translation>实收金额不能为负数。</translation>
    </message>
    <message>
      <source>Collect {amount} exactly; give the rest back as change.</source>
      <translation>请正好收取 {amount}，多收的部分找零。</translation>
    </message>
    <message>
      <source>Collect {amount} before handing over, or ask the owner to let it go.</source>
      <translation>交付前请先收取 {amount}，或请店主同意减免。</translation>
    </message>
    <message>
      <source>Collect at least {amount}: an assisted purchase balance cannot be let go. Put it on the villager's account on the Purchases page first if they cannot pay now.</source>
      <translation>至少收取 {amount}：代购尾款不能免收。村民暂时付不了的，请先在代购页面记入其赊账。</translation>
    </message>
    <message>
      <source>Type a pickup code, the last 4 digits of the phone, the phone or a name.</source>
      <translation>请输入取件码、手机尾号后 4 位、手机号或姓名。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is NOT in this list. Do not hand it over.</source>
      <translation>包裹 {waybill} 不在此列表中！请勿交出。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is NOT in this list and was never checked in. Do not hand it over.</source>
      <translation>包裹 {waybill} 不在此列表中，也从未入库！请勿交出。</translation>
    </message>
    <message>
      <source>Parcel {waybill} is NOT in this list: it belongs under pickup code {code}. Do not hand it over.</source>
      <translation>包裹 {waybill} 不在此列表中：它属于取件码 {code}。请勿交出！</translation>
    </message>
    <message>
      <source>Parcel {waybill} is NOT in this list: it has already left the station. Do not hand it over.</source>
      <translation>包裹 {waybill} 不在此列表中：它已经出站。请勿交出！</translation>
    </message>
    <message>
      <source>Scan the parcels to hand over first.</source>
      <translation>请先扫描要交付的包裹。</translation>
    </message>
    <message>
      <source>Say why the parcel is handed over without a scan.</source>
      <translation>请说明为什么不扫描就交付包裹。</translation>
    </message>
    <message>
      <source>Say how the collector is related to the villager.</source>
      <translation>请填写代取人与村民的关系。</translation>
    </message>
    <message>
      <source>Enter the collector's name.</source>
      <translation>请输入代取人姓名。</translation>
    </message>
    <message>
      <source>Parcel {code} is no longer in stock; look the villager up again.</source>
      <translation>包裹 {code} 已不在库中，请重新查找村民。</translation>
    </message>
    <message>
      <source>One handover is for one villager; hand the others over separately.</source>
      <translation>一次交付只能给一位村民，其他人的包裹请分开交付。</translation>
    </message>
    <message>
      <source>Parcel {code} was handed over meanwhile; look the villager up again.</source>
      <translation>包裹 {code} 刚刚已被交付，请重新查找村民。</translation>
    </message>
    <message>
      <source>The reminder text is empty.</source>
      <translation>提醒短信内容为空。</translation>
    </message>
    <message>
      <source>The reminder text is too long (500 characters at most).</source>
      <translation>提醒短信内容太长（最多 500 个字）。</translation>
    </message>
    <message>
      <source>The reminder text has an unmatched brace {{ or }}.</source>
      <translation>提醒短信内容中的大括号 {{ 或 }} 没有配对。</translation>
    </message>
    <message>
      <source>The reminder text may not contain {{{name}}}; use {allowed}.</source>
      <translation>提醒短信内容不能包含 {{{name}}}；可以使用 {allowed}。</translation>
    </message>
    <message>
      <source>A number of days must be 0 to {max}.</source>
      <translation>天数必须在 0 到 {max} 之间。</translation>
    </message>
    <message>
      <source>Reminders can start after 1 day at the earliest.</source>
      <translation>最早在包裹到站 1 天后提醒。</translation>
    </message>
    <message>
      <source>The return age must be longer than the reminder age, so villagers are reminded before their parcel goes back.</source>
      <translation>退回天数必须大于提醒天数，这样村民在包裹退回前能先收到提醒。</translation>
    </message>
    <message>
      <source>A fee must be ¥0 to ¥1000.</source>
      <translation>费用必须在 ¥0 到 ¥1000 之间。</translation>
    </message>
    <message>
      <source>Only the owner can change the parcel fees and ages.</source>
      <translation>只有店主可以修改包裹费用和天数。</translation>
    </message>
    <message>
      <source>This parcel has no assisted purchase with money due.</source>
      <translation>这个包裹没有需要收款的代购订单。</translation>
    </message>
    <message>
      <source>Platform order {platform} is already on order {order}.</source>
      <translation>平台订单号 {platform} 已在代购单 {order} 中使用。</translation>
    </message>
    <message>
      <source>'{text}' is not a waybill number.</source>
      <translation>“{text}”不是运单号。</translation>
    </message>
    <message>
      <source>Add at least one item.</source>
      <translation>请至少添加一件商品。</translation>
    </message>
    <message>
      <source>An order has at most {max} items.</source>
      <translation>一个订单最多 {max} 件商品。</translation>
    </message>
    <message>
      <source>That villager is not in the register.</source>
      <translation>村民名册中没有这位村民。</translation>
    </message>
    <message>
      <source>Choose the villager the order is for.</source>
      <translation>请选择为哪位村民代购。</translation>
    </message>
    <message>
      <source>Waybills can be added only before the goods arrive.</source>
      <translation>只能在到货之前添加运单号。</translation>
    </message>
    <message>
      <source>Waybill {waybill} is already on this order.</source>
      <translation>运单号 {waybill} 已在本订单中。</translation>
    </message>
    <message>
      <source>Waybill {waybill} is already on open order {order}.</source>
      <translation>运单号 {waybill} 已在未完成的订单 {order} 中。</translation>
    </message>
    <message>
      <source>Waybill {waybill} is not on this order.</source>
      <translation>本订单中没有运单号 {waybill}。</translation>
    </message>
    <message>
      <source>A parcel has come in under waybill {waybill}; it stays on the order.</source>
      <translation>运单号 {waybill} 的包裹已入库，不能从订单中删除。</translation>
    </message>
    <message>
      <source>Nothing is due on order {order}.</source>
      <translation>订单 {order} 没有待付款。</translation>
    </message>
    <message>
      <source>Goods can be sent back only after they arrived.</source>
      <translation>货到之后才能登记退货。</translation>
    </message>
    <message>
      <source>Only the owner can cancel or refund an order.</source>
      <translation>只有站长才能取消订单或退款。</translation>
    </message>
    <message>
      <source>Give the reason for the refund.</source>
      <translation>请填写退款原因。</translation>
    </message>
    <message>
      <source>The reason is too long (at most 300 characters).</source>
      <translation>原因太长（最多 300 个字）。</translation>
    </message>
    <message>
      <source>At most {limit} of the service fee can still be refunded.</source>
      <translation>服务费最多还能退 {limit}。</translation>
    </message>
    <message>
      <source>That item is not on order {number}.</source>
      <translation>订单 {number} 中没有这件商品。</translation>
    </message>
    <message>
      <source>Choose what to refund.</source>
      <translation>请选择要退的内容。</translation>
    </message>
    <message>
      <source>No refund {number}.</source>
      <translation>没有退款单 {number}。</translation>
    </message>
    <message>
      <source>Expected arrival must be 1 to 60 days.</source>
      <translation>预计到货天数必须在 1 到 60 天之间。</translation>
    </message>
    <message>
      <source>An order can be late after 1 to 90 days.</source>
      <translation>超期天数必须在 1 到 90 天之间。</translation>
    </message>
    <message>
      <source>An order cannot be late before it is expected.</source>
      <translation>超期天数不能少于预计到货天数。</translation>
    </message>
    <message>
      <source>The price limit must be from ¥1.00 to ¥100000.00.</source>
      <translation>单价上限必须在 ¥1.00 到 ¥100000.00 之间。</translation>
    </message>
    <message>
      <source>No assisted purchase {number}.</source>
      <translation>没有代购单 {number}。</translation>
    </message>
    <message>
      <source>'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-11-22.</source>
      <translation>“{text}”不是日期，请写成 年-月-日，例如 2026-11-22。</translation>
    </message>
    <message>
      <source>'{text}' is not a month; write it as YYYY-MM, for example 2026-11.</source>
      <translation>“{text}”不是月份，请写成 年-月，例如 2026-11。</translation>
    </message>
    <message>
      <source>{period} has not begun yet; choose today or an earlier date.</source>
      <translation>{period} 还没有开始，请选择今天或更早的日期。</translation>
    </message>
    <message>
      <source>The cart is empty.</source>
      <translation>购物车是空的。</translation>
    </message>
    <message>
      <source>A discount above {limit}% needs the owner's approval.</source>
      <translation>超过 {limit}% 的折扣需要站长批准。</translation>
    </message>
    <message>
      <source>Not enough stock: {items}. Sell anyway?</source>
      <translation>库存不足：{items}。仍要卖出吗？</translation>
    </message>
    <message>
      <source>There is no sale with receipt number {number}.</source>
      <translation>没有小票号为 {number} 的销售。</translation>
    </message>
    <message>
      <source>The file is too big for a product list ({size} MB).</source>
      <translation>文件太大，不像商品清单（{size} MB）。</translation>
    </message>
    <message>
      <source>The file is neither UTF-8 nor GBK text.</source>
      <translation>文件既不是 UTF-8 也不是 GBK 文本。</translation>
    </message>
    <message>
      <source>{column} '{value}' is not a whole number.</source>
      <translation>{column}“{value}”不是整数。</translation>
    </message>
    <message>
      <source>is_service '{value}' is not yes or no (1 or 0).</source>
      <translation>is_service“{value}”不是“是/否”（1 或 0）。</translation>
    </message>
    <message>
      <source>The price is missing.</source>
      <translation>缺少价格。</translation>
    </message>
    <message>
      <source>The file is not a valid CSV file: {problem}</source>
      <translation>这不是有效的 CSV 文件：{problem}</translation>
    </message>
    <message>
      <source>The file has no column {column}.</source>
      <translation>文件中没有 {column} 列。</translation>
    </message>
    <message>
      <source>Barcode {code} is also on line {line}.</source>
      <translation>条码 {code} 与第 {line} 行重复。</translation>
    </message>
    <message>
      <source>Please enter the product's name.</source>
      <translation>请输入商品名称。</translation>
    </message>
    <message>
      <source>The name is too long (100 characters at most).</source>
      <translation>名称太长（最多 100 个字）。</translation>
    </message>
    <message>
      <source>The category is too long (50 characters at most).</source>
      <translation>分类太长（最多 50 个字）。</translation>
    </message>
    <message>
      <source>A stock figure is a whole number from 0 to {max}.</source>
      <translation>库存须为 0 到 {max} 的整数。</translation>
    </message>
    <message>
      <source>The cost price must be between 0 and {max}.</source>
      <translation>进价必须在 0 到 {max} 之间。</translation>
    </message>
    <message>
      <source>Barcode {code} already belongs to {name}.</source>
      <translation>条码 {code} 已属于“{name}”。</translation>
    </message>
    <message>
      <source>This product is no longer in the catalogue.</source>
      <translation>商品目录中已没有这个商品。</translation>
    </message>
    <message>
      <source>A stock change is a whole number other than 0, up to {max}.</source>
      <translation>库存调整须为非零整数，最多 {max}。</translation>
    </message>
    <message>
      <source>A service has no stock.</source>
      <translation>服务类商品没有库存。</translation>
    </message>
    <message>
      <source>The stock of {name} would go below zero ({stock}).</source>
      <translation>“{name}”的库存将变为负数（{stock}）。</translation>
    </message>
    <message>
      <source>There is no refund with number {number}.</source>
      <translation>没有单号为 {number} 的退款。</translation>
    </message>
    <message>
      <source>Receipt {number} is not a counter sale or refund.</source>
      <translation>单据 {number} 不是收银销售或退款。</translation>
    </message>
    <message>
      <source>Nothing is left to refund on receipt {number}.</source>
      <translation>小票 {number} 已没有可退的商品。</translation>
    </message>
    <message>
      <source>The discount limit is a percentage from 0 to 100.</source>
      <translation>折扣上限须为 0 到 100 的百分数。</translation>
    </message>
    <message>
      <source>The highest price must be between {low} and {high}.</source>
      <translation>最高价格须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
      <source>The amount from which a mobile payment needs its transaction number must be between {low} and {high}.</source>
      <translation>移动支付必须填交易单号的金额须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
      <source>Only the owner can change the sales settings.</source>
      <translation>只有站长可以修改收银设置。</translation>
    </message>
    <message>
      <source>There is no handover list {number}.</source>
      <translation>没有交接单 {number}。</translation>
    </message>
    <message>
      <source>Handover list {number} is closed.</source>
      <translation>交接单 {number} 已关闭。</translation>
    </message>
    <message>
      <source>{code} is not a parcel sent from this station.</source>
      <translation>{code} 不是本站寄出的包裹。</translation>
    </message>
    <message>
      <source>Parcel {number} is already on this list.</source>
      <translation>包裹 {number} 已在本交接单上。</translation>
    </message>
    <message>
      <source>Parcel {number} goes with {carrier}, not with this courier.</source>
      <translation>包裹 {number} 由 {carrier} 寄送，不交给这位快递员。</translation>
    </message>
    <message>
      <source>Parcel {number} has no waybill yet: scan the courier's label onto it first.</source>
      <translation>包裹 {number} 还没有运单号：请先扫描快递面单。</translation>
    </message>
    <message>
      <source>Parcel {number} has already left the station.</source>
      <translation>包裹 {number} 已离开本站。</translation>
    </message>
    <message>
      <source>The handover list is empty: scan the parcels first.</source>
      <translation>交接单是空的：请先扫描包裹。</translation>
    </message>
    <message>
      <source>Enter the sender's name.</source>
      <translation>请输入寄件人姓名。</translation>
    </message>
    <message>
      <source>Enter the recipient's name.</source>
      <translation>请输入收件人姓名。</translation>
    </message>
    <message>
      <source>Enter the recipient's address.</source>
      <translation>请输入收件地址。</translation>
    </message>
    <message>
      <source>Say what is in the parcel.</source>
      <translation>请填写物品内容。</translation>
    </message>
    <message>
      <source>There is no tariff for {carrier}: add its tariff file.</source>
      <translation>没有 {carrier} 的价目表：请添加价目表文件。</translation>
    </message>
    <message>
      <source>A parcel is paid in cash or by mobile payment.</source>
      <translation>寄件费用须现金或移动支付。</translation>
    </message>
    <message>
      <source>There is no parcel sent with number {number}.</source>
      <translation>没有寄件单号为 {number} 的包裹。</translation>
    </message>
    <message>
      <source>'{number}' is not a waybill number.</source>
      <translation>“{number}”不是运单号。</translation>
    </message>
    <message>
      <source>Waybill {waybill} is already on parcel {number}.</source>
      <translation>运单号 {waybill} 已在包裹 {number} 上。</translation>
    </message>
    <message>
      <source>Say why the parcel came back.</source>
      <translation>请说明包裹退回的原因。</translation>
    </message>
    <message>
      <source>Parcel {number} is already marked as returned.</source>
      <translation>包裹 {number} 已标记为退回。</translation>
    </message>
    <message>
      <source>Only the owner can change this setting.</source>
      <translation>只有店主可以修改此设置。</translation>
    </message>
    <message>
      <source>No shift is open. Open a shift first (F6).</source>
      <translation>当前没有开班。请先开班（F6）。</translation>
    </message>
    <message>
      <source>Shift {number} is still open: close it before opening another.</source>
      <translation>班次 {number} 还没有交班：请先交班再开新班。</translation>
    </message>
    <message>
      <source>The variance {variance} is more than {limit}: the owner must close this shift or approve the close.</source>
      <translation>差额 {variance} 超过 {limit}：须由站长交班或批准交班。</translation>
    </message>
    <message>
      <source>That shift does not exist.</source>
      <translation>该班次不存在。</translation>
    </message>
    <message>
      <source>The drawer should hold only {expected}: you cannot take out {amount}.</source>
      <translation>钱箱应有 {expected}，不能取出 {amount}。</translation>
    </message>
    <message>
      <source>Money moved while you counted: the drawer should now hold {expected}. Please check the count.</source>
      <translation>点钱期间有新的收付款：钱箱现在应有 {expected}。请重新核对。</translation>
    </message>
    <message>
      <source>The variance limit must be between {low} and {high}.</source>
      <translation>差额限额必须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
      <source>Too many wrong PINs. Login is locked for {seconds} more seconds.</source>
      <translation>密码错误次数太多，登录已锁定，还需等待 {seconds} 秒。</translation>
    </message>
    <message>
      <source>Too many wrong owner PINs. Owner approval is locked for {seconds} more seconds.</source>
      <translation>店主密码输错次数太多，店主授权已锁定，请 {seconds} 秒后再试。</translation>
    </message>
    <message>
      <source>Wrong PIN (or a PIN locked after wrong tries). {remaining} tries left before login is locked for a minute.</source>
      <translation>密码错误（或该密码因多次输错已暂时锁定）。再输错 {remaining} 次，登录将锁定一分钟。</translation>
    </message>
    <message>
      <source>That is not the owner's PIN. {remaining} tries left before owner approval is locked for a minute.</source>
      <translation>这不是店主的密码。再输错 {remaining} 次，店主授权将锁定一分钟。</translation>
    </message>
    <message>
      <source>Only the owner can see failed owner approvals.</source>
      <translation>只有店主可以查看失败的店主授权。</translation>
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
      <source>There is no database to back up at {path}.</source>
      <translation>{path} 没有可备份的数据库。</translation>
    </message>
    <message>
      <source>The backup could not be written to {folder}: {reason}</source>
      <translation>备份无法写入 {folder}：{reason}</translation>
    </message>
    <message>
      <source>The second backup folder {folder} is not there (is the USB stick plugged in?). The backup in the data folder was made.</source>
      <translation>找不到第二备份文件夹 {folder}（U 盘插好了吗？）。数据文件夹中的备份已完成。</translation>
    </message>
    <message>
      <source>The backup could not be copied to {folder}: {reason}. The backup in the data folder was made.</source>
      <translation>备份无法复制到 {folder}：{reason}。数据文件夹中的备份已完成。</translation>
    </message>
    <message>
      <source>The backup file {path} does not exist.</source>
      <translation>备份文件 {path} 不存在。</translation>
    </message>
    <message>
      <source>The backup file {path} cannot be read: {reason}</source>
      <translation>无法读取备份文件 {path}：{reason}</translation>
    </message>
    <message>
      <source>The backup {name} is damaged (integrity check failed): it was not restored. Choose another backup.</source>
      <translation>备份 {name} 已损坏（完整性检查未通过），没有恢复。请选择其他备份。</translation>
    </message>
    <message>
      <source>The backup {name} was made by a newer version of Village Station POS ({revision}). Install that version first.</source>
      <translation>备份 {name} 由更新版本的村站收银生成（{revision}）。请先安装该版本。</translation>
    </message>
    <message>
      <source>Only the owner can restore a backup.</source>
      <translation>只有店主可以恢复备份。</translation>
    </message>
    <message>
      <source>The restore failed and nothing was changed: {reason}</source>
      <translation>恢复失败，数据没有任何改动：{reason}</translation>
    </message>
    <message>
      <source>Village Station POS is running on {folder}. Close it first, or restore from Settings → Backups.</source>
      <translation>村站收银正在使用 {folder}。请先关闭程序，或在“设置 → 备份”中恢复。</translation>
    </message>
    <message>
      <source>A PostgreSQL station is restored with the app closed on every counter: run village-pos restore FILE on the main PC.</source>
      <translation>PostgreSQL 服务站要在所有收银台都关闭收银系统后恢复：请在主电脑上运行 village-pos restore 文件。</translation>
    </message>
    <message>
      <source>This station uses PostgreSQL: choose a .pgdump backup.</source>
      <translation>本服务站使用 PostgreSQL：请选择 .pgdump 备份。</translation>
    </message>
    <message>
      <source>Other counters are connected to the station database: close Village Station POS on every counter, then restore.</source>
      <translation>还有其他收银台连着服务站数据库：请在每台收银机上关闭收银系统后再恢复。</translation>
    </message>
    <message>
      <source>The current data could not be saved first, so nothing was restored: {reason}</source>
      <translation>当前数据没能先保存下来，所以没有恢复任何内容：{reason}</translation>
    </message>
    <message>
      <source>The restore failed and the current data were put back: {reason}</source>
      <translation>恢复失败，已把当前数据放回原处：{reason}</translation>
    </message>
    <message>
      <source>The backup holds no station this version can open ({revision}).</source>
      <translation>这个备份里没有这个版本能打开的服务站（{revision}）。</translation>
    </message>
    <message>
      <source>The data folder {folder} cannot be written ({reason}): nothing was restored. Check that the disk is not full or read-only, then try again.</source>
      <translation>数据文件夹 {folder} 无法写入（{reason}）：没有恢复任何内容。请检查磁盘是否已满或为只读，然后重试。</translation>
    </message>
    <message>
      <source>Give the counter a name (for example 收银台1).</source>
      <translation>请给收银台起个名字（例如 收银台1）。</translation>
    </message>
    <message>
      <source>A counter name has at most {n} characters.</source>
      <translation>收银台名称最多 {n} 个字。</translation>
    </message>
    <message>
      <source>The counter {name} could not be saved; try again.</source>
      <translation>收银台 {name} 没能保存，请再试一次。</translation>
    </message>
    <message>
      <source>This counter was removed from the station.</source>
      <translation>这个收银台已从服务站删除。</translation>
    </message>
    <message>
      <source>The computer's disk is almost full (only {free} free). Soon nothing more can be recorded. Delete files you do not need now (old videos, downloads), or ask the county centre for help.</source>
      <translation>电脑硬盘快满了（只剩 {free}）。很快就无法再保存任何记录。请马上删除不需要的文件（旧视频、下载的文件），或请县运营中心帮忙。</translation>
    </message>
    <message>
      <source>The computer's disk is getting full ({free} free). A backup of the records needs about {need}; older backups are deleted when needed to make room. Delete files you do not need (old videos, downloads).</source>
      <translation>电脑硬盘空间不多了（剩余 {free}）。每次备份记录约需 {need}，需要时会删除较早的备份以腾出空间。请删除不需要的文件（旧视频、下载的文件）。</translation>
    </message>
    <message>
      <source>The records were upgraded and can now be packed smaller, which needs {need} free on the disk ({free} free now). Delete files you do not need; the packing then runs at the next start.</source>
      <translation>记录已升级，可以压缩变小，但需要硬盘有 {need} 空闲空间（现在剩余 {free}）。请删除不需要的文件，下次启动时会自动压缩。</translation>
    </message>
    <message>
      <source>The receipt footer may have {lines} lines and {chars} characters at most.</source>
      <translation>小票页脚最多 {lines} 行、{chars} 个字。</translation>
    </message>
    <message>
      <source>Only the owner can change the receipt settings.</source>
      <translation>只有站长可以修改小票设置。</translation>
    </message>
    <message>
      <source>This data folder already has a station ({name}); nothing was changed.</source>
      <translation>此数据文件夹中已有站点（{name}），未做任何更改。</translation>
    </message>
    <message>
      <source>Only the owner can change the station's details.</source>
      <translation>只有店主可以修改站点信息。</translation>
    </message>
    <message>
      <source>Choose how the villager gave or withdrew consent.</source>
      <translation>请选择村民同意或撤回的方式。</translation>
    </message>
    <message>
      <source>This data folder has no station yet; run 'village-pos init' first.</source>
      <translation>此数据文件夹还没有站点，请先运行“village-pos init”。</translation>
    </message>
    <message>
      <source>Cannot read {file}: {problem}</source>
      <translation>无法读取 {file}：{problem}</translation>
    </message>
    <message>
      <source>The file is not text in UTF-8 or GB18030 (GBK); save it from Excel as "CSV UTF-8" and try again.</source>
      <translation>文件不是 UTF-8 或 GB18030（GBK）编码的文本；请在 Excel 中另存为“CSV UTF-8”后再试。</translation>
    </message>
    <message>
      <source>The column '{column}' is not known; the columns are: {columns}.</source>
      <translation>无法识别列“{column}”；可用的列为：{columns}。</translation>
    </message>
    <message>
      <source>The column '{column}' appears twice.</source>
      <translation>列“{column}”出现了两次。</translation>
    </message>
    <message>
      <source>The file has no 'name' (姓名) column in its first line.</source>
      <translation>文件第一行中没有“姓名”（name）列。</translation>
    </message>
    <message>
      <source>The file is too big for a villager register ({size} MB).</source>
      <translation>文件太大，不像村民名册（{size} MB）。</translation>
    </message>
    <message>
      <source>The file is empty.</source>
      <translation>文件是空的。</translation>
    </message>
    <message>
      <source>This line has {count} cells but the first line names {expected} columns.</source>
      <translation>这一行有 {count} 个单元格，但第一行只有 {expected} 列。</translation>
    </message>
    <message>
      <source>The file is not a valid CSV file (line {line}): {problem}</source>
      <translation>文件不是有效的 CSV 文件（第 {line} 行）：{problem}</translation>
    </message>
    <message>
      <source>The phone {phone} is already on line {other}.</source>
      <translation>手机号 {phone} 已在第 {other} 行出现。</translation>
    </message>
    <message>
      <source>Only the owner can import villagers.</source>
      <translation>只有店主可以导入村民。</translation>
    </message>
    <message>
      <source>Only the owner can export the villager register.</source>
      <translation>只有店主可以导出村民名册。</translation>
    </message>
    <message>
      <source>The phone {phone} belongs to {name}, who is deactivated; ask the owner to reactivate that record instead of adding a new one.</source>
      <translation>手机号 {phone} 属于已停用的村民 {name}；请店主重新启用该村民，不要重复新增。</translation>
    </message>
    <message>
      <source>The phone {phone} is already registered to {name} ({group}).</source>
      <translation>手机号 {phone} 已登记给 {name}（{group}）。</translation>
    </message>
    <message>
      <source>The phone {phone} is already registered to {name}.</source>
      <translation>手机号 {phone} 已登记给 {name}。</translation>
    </message>
    <message>
      <source>Only the owner can deactivate or reactivate a villager.</source>
      <translation>只有店主可以停用或重新启用村民。</translation>
    </message>
    <message>
      <source>Only the owner can delete a villager.</source>
      <translation>只有店主可以删除村民。</translation>
    </message>
    <message>
      <source>{name} has parcels, purchases or account entries, so the record must stay; deactivate it instead.</source>
      <translation>{name} 有包裹、代购或账目记录，不能删除；请改为停用。</translation>
    </message>
    <message>
      <source>The payment must be more than ¥0.00.</source>
      <translation>还款金额必须大于 ¥0.00。</translation>
    </message>
    <message>
      <source>Only the owner can adjust a villager's balance.</source>
      <translation>只有店主可以调整村民欠款。</translation>
    </message>
    <message>
      <source>The change must not be ¥0.00.</source>
      <translation>变动金额不能为 ¥0.00。</translation>
    </message>
    <message>
      <source>Please say why the balance changes.</source>
      <translation>请填写调整欠款的原因。</translation>
    </message>
    <message>
      <source>Sale {number} is recorded and paid; only its receipt could not be printed: {reason} Print it again with Alt+P (or from Receipts, Alt+R) once that is fixed.</source>
      <translation>销售 {number} 已记录、已收款，只是小票没能打印：{reason} 问题解决后按 Alt+P 重打（或在“小票” Alt+R 里打印）。</translation>
    </message>
    <message>
      <source>There is no scale: type the weight in kg.</source>
      <translation>没有电子秤：请输入重量（公斤）。</translation>
    </message>
    <message>
      <source>Nothing on the scale.</source>
      <translation>秤上没有东西。</translation>
    </message>
    <message>
      <source>Weigh the parcel (Alt+W) or type its weight in kg.</source>
      <translation>请称重（Alt+W）或输入重量（公斤）。</translation>
    </message>
    <message>
      <source>Give all three sides in whole cm, or none.</source>
      <translation>长宽高三边都填整数厘米，或都不填。</translation>
    </message>
    <message>
      <source>No service is offered: the owner adds them in Settings.</source>
      <translation>还没有开通便民业务：请店主在设置中添加。</translation>
    </message>
    <message>
      <source>Type the mobile number the test SMS goes to.</source>
      <translation>请输入接收测试短信的手机号。</translation>
    </message>
  </context>
  <context>
    <name>help</name>
    <message>
      <source>This help</source>
      <translation>本帮助</translation>
    </message>
    <message>
      <source>Go to a page: F2 check-in, F3 pickup, F4 assisted purchases, F5 sales, F6 shift, F7 reports, F8 villagers, F9 settings</source>
      <translation>切换页面：F2 入库，F3 取件，F4 代购，F5 销售，F6 交班，F7 报表，F8 村民，F9 设置</translation>
    </message>
    <message>
      <source>Send parcels (寄件)</source>
      <translation>寄件</translation>
    </message>
    <message>
      <source>Services: phone top-ups and bills (便民服务)</source>
      <translation>便民服务：话费充值、代缴水电费</translation>
    </message>
    <message>
      <source>Log out (lock the counter)</source>
      <translation>退出登录（锁定柜台）</translation>
    </message>
    <message>
      <source>Confirm what was typed or chosen</source>
      <translation>确认输入或选择的内容</translation>
    </message>
    <message>
      <source>Cancel, or close a dialog</source>
      <translation>取消，或关闭对话框</translation>
    </message>
    <message>
      <source>Next or previous field</source>
      <translation>下一个或上一个输入框</translation>
    </message>
    <message>
      <source>From a search box into its list</source>
      <translation>从搜索框进入下面的列表</translation>
    </message>
    <message>
      <source>Type your PIN</source>
      <translation>输入密码</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Setting up the station</source>
      <translation>设置服务站</translation>
    </message>
    <message>
      <source>Fill in the station's name, address and phone, the owner's name and a PIN of 4 to 8 digits (6 is safer), then press Enter.</source>
      <translation>填写服务站名称、地址和电话，店主姓名和 4 到 8 位数字密码（6 位更安全），然后按回车。</translation>
    </message>
    <message>
      <source>Next field</source>
      <translation>下一个输入框</translation>
    </message>
    <message>
      <source>Create the station</source>
      <translation>创建服务站</translation>
    </message>
    <message>
      <source>Type your PIN and press Enter. After five wrong PINs the login is locked for a while; ask the owner.</source>
      <translation>输入密码后按回车。连续输错五次会锁定一段时间，请找店主。</translation>
    </message>
  </context>
  <context>
    <name>income</name>
    <message>
      <source>Assisted purchase commission</source>
      <translation>代购佣金</translation>
    </message>
    <message>
      <source>Parcel fees</source>
      <translation>包裹费用</translation>
    </message>
    <message>
      <source>Service commission</source>
      <translation>代缴服务佣金</translation>
    </message>
    <message>
      <source>Counter sales margin</source>
      <translation>柜台销售毛利</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>服务站</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Category, carrier or service</source>
      <translation>类别、快递公司或服务</translation>
    </message>
    <message>
      <source>Who pays</source>
      <translation>支付方</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Base amount</source>
      <translation>计费金额</translation>
    </message>
    <message>
      <source>Income</source>
      <translation>收入</translation>
    </message>
    <message>
      <source>the county</source>
      <translation>县中心</translation>
    </message>
    <message>
      <source>the till</source>
      <translation>收银台</translation>
    </message>
    <message>
      <source>The county owes</source>
      <translation>县中心应付</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>per check-in</source>
      <translation>按入库</translation>
    </message>
    <message>
      <source>per handover</source>
      <translation>按取件</translation>
    </message>
    <message>
      <source>(no category)</source>
      <translation>（未分类）</translation>
    </message>
    <message>
      <source>{month} ({first} to {last})</source>
      <translation>{month}（{first} 至 {last}）</translation>
    </message>
    <message>
      <source>Income statement</source>
      <translation>收入结算单</translation>
    </message>
    <message>
      <source>Village station</source>
      <translation>村级服务站</translation>
    </message>
    <message>
      <source>Made {time}. Figures from the station's records, priced with the rates in force on each day.</source>
      <translation>制表时间 {time}。数据来自本站记录，按每天有效的费率计算。</translation>
    </message>
    <message>
      <source>Income in the month</source>
      <translation>本月收入</translation>
    </message>
    <message>
      <source>Counter sales margin (kept at the till)</source>
      <translation>柜台销售毛利（留在收银台）</translation>
    </message>
    <message>
      <source>Income by source</source>
      <translation>按来源的收入</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Nothing earned is recorded in this month: no parcels, collected purchases, service payments or counter sales with a cost price.</source>
      <translation>本月没有收入记录：没有包裹、已取货的代购、代缴服务或有进价的柜台销售。</translation>
    </message>
    <message>
      <source>Base amount: the goods kept for a purchase commission, the amounts paid for a service, the sales total for a margin. A refund after the goods were collected is taken back in the month of the refund; a closed month never changes.</source>
      <translation>计费金额：代购佣金按村民留下的商品金额，代缴服务按缴费金额，毛利按销售额。取货后的退款在退款当月扣回；已结束的月份不再改变。</translation>
    </message>
    <message>
      <source>The counter sales margin is the sales total less the cost price of the goods sold; only products with a cost price count.</source>
      <translation>柜台销售毛利 = 销售额减去所售商品的进价；只计算有进价的商品。</translation>
    </message>
    <message>
      <source>Page {page}</source>
      <translation>第 {page} 页</translation>
    </message>
    <message>
      <source>{amount} each</source>
      <translation>{amount} 每件</translation>
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
    <message>
      <source>Send parcels</source>
      <translation>寄件</translation>
    </message>
    <message>
      <source>Take a villager's parcel to send, weigh and price it, print the receipt, and hand the day's parcels to each courier on a signed list.</source>
      <translation>收寄村民的包裹，称重计价，打印小票，把当天的包裹按快递公司交给快递员签字揽收。</translation>
    </message>
    <message>
      <source>Services</source>
      <translation>便民服务</translation>
    </message>
    <message>
      <source>Phone top-ups and electricity, water and other bills paid into a villager's number or account: the money goes into the shift, the receipt shows the account masked, a refund needs the owner.</source>
      <translation>给村民的手机号或户号充话费、交电费水费等：钱记入本班，小票上的号码打码，退款需店主同意。</translation>
    </message>
  </context>
  <context>
    <name>parcel_documents</name>
    <message>
      <source>Waybill ending {tail}</source>
      <translation>运单尾号 {tail}</translation>
    </message>
    <message>
      <source>Parcels waiting for pickup</source>
      <translation>待取快递</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>（无姓名）</translation>
    </message>
    <message>
      <source>since {date}</source>
      <translation>{date} 到</translation>
    </message>
    <message>
      <source>No parcels are waiting.</source>
      <translation>没有待取的包裹。</translation>
    </message>
    <message>
      <source>{people} people, {parcels} parcels</source>
      <translation>{people} 人，{parcels} 件</translation>
    </message>
    <message>
      <source>Bring your pickup code or tell us your phone's last four digits.</source>
      <translation>请带上取件码，或报手机尾号四位取件。</translation>
    </message>
    <message>
      <source>cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>Pickup receipt</source>
      <translation>取件单</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>单号</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Collected for them by</source>
      <translation>代取人</translation>
    </message>
    <message>
      <source>tail {digits}</source>
      <translation>尾号{digits}</translation>
    </message>
    <message>
      <source>  handed over without scan: {reason}</source>
      <translation>  未扫描交付：{reason}</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>包裹数</translation>
    </message>
    <message>
      <source>Amount due</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>Paid ({method})</source>
      <translation>实收（{method}）</translation>
    </message>
    <message>
      <source>Waived by the owner</source>
      <translation>店主减免</translation>
    </message>
    <message>
      <source>Signature: ______________</source>
      <translation>签名：______________</translation>
    </message>
    <message>
      <source>Please check your parcels before you leave.</source>
      <translation>请当面核对包裹，离站后概不负责。</translation>
    </message>
    <message>
      <source>Return slip</source>
      <translation>退件交接单</translation>
    </message>
    <message>
      <source>Batch</source>
      <translation>批次</translation>
    </message>
    <message>
      <source>Courier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>  in since {day}</source>
      <translation>  {day} 入库</translation>
    </message>
    <message>
      <source>{days} days</source>
      <translation>{days} 天</translation>
    </message>
    <message>
      <source>Parcels returned</source>
      <translation>退回件数</translation>
    </message>
    <message>
      <source>Courier's signature: __________</source>
      <translation>快递员签名：__________</translation>
    </message>
    <message>
      <source>Station's signature: __________</source>
      <translation>服务站签名：__________</translation>
    </message>
    <message>
      <source>Courier reconciliation</source>
      <translation>快递对账单</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Printed</source>
      <translation>打印时间</translation>
    </message>
    <message>
      <source>All carriers</source>
      <translation>全部快递</translation>
    </message>
    <message>
      <source>  received</source>
      <translation>  入库</translation>
    </message>
    <message>
      <source>  handed over</source>
      <translation>  出库（取件/送货）</translation>
    </message>
    <message>
      <source>  returned</source>
      <translation>  退回</translation>
    </message>
    <message>
      <source>  in stock at day's end</source>
      <translation>  当日结束在库</translation>
    </message>
    <message>
      <source>No parcels that day.</source>
      <translation>当天没有包裹。</translation>
    </message>
    <message>
      <source>Delivery run sheet</source>
      <translation>送货上门单</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>送货批次</translation>
    </message>
    <message>
      <source>Delivery fee per stop</source>
      <translation>每户送货费</translation>
    </message>
    <message>
      <source>Village group unknown</source>
      <translation>村组未知</translation>
    </message>
    <message>
      <source>Address unknown: phone first</source>
      <translation>地址未知：请先打电话</translation>
    </message>
    <message>
      <source>  to collect</source>
      <translation>  应收</translation>
    </message>
    <message>
      <source>  received by: ________</source>
      <translation>  签收：________</translation>
    </message>
    <message>
      <source>Stops</source>
      <translation>户数</translation>
    </message>
    <message>
      <source>Total to collect</source>
      <translation>合计应收</translation>
    </message>
    <message>
      <source>[{station}] Parcels waiting at the station ({day}):</source>
      <translation>【{station}】到站待取快递（{day}）：</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>{name} (phone ending {tail}): {parcels}</source>
      <translation>{name}（尾号{tail}）：{parcels}</translation>
    </message>
    <message>
      <source>{name} (phone ending {tail}): {count} parcel(s)</source>
      <translation>{name}（尾号{tail}）：{count}件</translation>
    </message>
    <message>
      <source>Please bring your pickup code to the station.</source>
      <translation>请凭取件码到服务站领取。</translation>
    </message>
    <message>
      <source>Your pickup codes are in your SMS; please bring them to the station.</source>
      <translation>取件码见短信，请凭取件码到服务站取件。</translation>
    </message>
  </context>
  <context>
    <name>parcel_events</name>
    <message>
      <source>notice queued</source>
      <translation>加入待发通知</translation>
    </message>
    <message>
      <source>label printed</source>
      <translation>打印标签</translation>
    </message>
    <message>
      <source>checked in</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>notice sent</source>
      <translation>通知已发送</translation>
    </message>
    <message>
      <source>notice failed</source>
      <translation>通知发送失败</translation>
    </message>
    <message>
      <source>notice to send again</source>
      <translation>通知待重发</translation>
    </message>
    <message>
      <source>phone added</source>
      <translation>补录手机号</translation>
    </message>
    <message>
      <source>picked up</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>returned to courier</source>
      <translation>已退回快递</translation>
    </message>
  </context>
  <context>
    <name>parcel_labels</name>
    <message>
      <source>waiting for a phone</source>
      <translation>待补手机号</translation>
    </message>
    <message>
      <source>in stock</source>
      <translation>在架上</translation>
    </message>
    <message>
      <source>out for delivery</source>
      <translation>送货中</translation>
    </message>
    <message>
      <source>handed over</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>returned to courier</source>
      <translation>已退回快递</translation>
    </message>
    <message>
      <source>checked in</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>phone added</source>
      <translation>补录手机号</translation>
    </message>
    <message>
      <source>label printed</source>
      <translation>打印标签</translation>
    </message>
    <message>
      <source>notice queued</source>
      <translation>加入待发通知</translation>
    </message>
    <message>
      <source>handed over at the counter</source>
      <translation>柜台取件</translation>
    </message>
    <message>
      <source>reminder notice</source>
      <translation>催取提醒</translation>
    </message>
    <message>
      <source>put in a return batch</source>
      <translation>加入退件批次</translation>
    </message>
    <message>
      <source>taken out of a return batch</source>
      <translation>移出退件批次</translation>
    </message>
    <message>
      <source>marked for delivery</source>
      <translation>标记送货上门</translation>
    </message>
    <message>
      <source>delivery cancelled</source>
      <translation>取消送货上门</translation>
    </message>
    <message>
      <source>delivered to the door</source>
      <translation>送货上门签收</translation>
    </message>
    <message>
      <source>nobody at home, back in stock</source>
      <translation>家中无人，放回货架</translation>
    </message>
    <message>
      <source>not found in a stocktake</source>
      <translation>盘点时未找到</translation>
    </message>
    <message>
      <source>notice sent</source>
      <translation>通知已发送</translation>
    </message>
    <message>
      <source>notice failed</source>
      <translation>通知发送失败</translation>
    </message>
    <message>
      <source>notice to send again</source>
      <translation>通知待重发</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>小票</translation>
    </message>
    <message>
      <source>collected by</source>
      <translation>代取人</translation>
    </message>
    <message>
      <source>relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>batch</source>
      <translation>批次</translation>
    </message>
    <message>
      <source>run</source>
      <translation>送货批次</translation>
    </message>
    <message>
      <source>received by</source>
      <translation>签收人</translation>
    </message>
    <message>
      <source>days in stock</source>
      <translation>在库天数</translation>
    </message>
    <message>
      <source>pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>due</source>
      <translation>应收</translation>
    </message>
    <message>
      <source>collected</source>
      <translation>实收</translation>
    </message>
    <message>
      <source>delivery fee</source>
      <translation>送货费</translation>
    </message>
    <message>
      <source>cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>without scan</source>
      <translation>未扫描</translation>
    </message>
  </context>
  <context>
    <name>pickup</name>
    <message>
      <source>Fee on the parcel</source>
      <translation>包裹费用</translation>
    </message>
    <message>
      <source>Storage fee, {days} day(s)</source>
      <translation>保管费 {days} 天</translation>
    </message>
    <message>
      <source>Delivery fee</source>
      <translation>送货费</translation>
    </message>
    <message>
      <source>Assisted purchase {number}: balance</source>
      <translation>代购单 {number} 尾款</translation>
    </message>
  </context>
  <context>
    <name>purchase_notice</name>
    <message>
      <source>Assisted purchase order {number}</source>
      <translation>代购单 {number}</translation>
    </message>
  </context>
  <context>
    <name>purchase_receipt</name>
    <message>
      <source>Order no.</source>
      <translation>订单号</translation>
    </message>
    <message>
      <source>Service fee</source>
      <translation>服务费</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>已付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Due on collection</source>
      <translation>取货时应付</translation>
    </message>
    <message>
      <source>Refunded before</source>
      <translation>已退</translation>
    </message>
    <message>
      <source>Expected arrival</source>
      <translation>预计到货</translation>
    </message>
    <message>
      <source>Platform order</source>
      <translation>平台订单号</translation>
    </message>
    <message>
      <source>Keep this slip; show it when you collect your goods.</source>
      <translation>请保留此单，取货时出示。</translation>
    </message>
    <message>
      <source>Order total</source>
      <translation>订单金额</translation>
    </message>
    <message>
      <source>Still due</source>
      <translation>尚欠</translation>
    </message>
    <message>
      <source>Taken off the amount due</source>
      <translation>冲减应付</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>批准人</translation>
    </message>
    <message>
      <source>Order cancelled</source>
      <translation>订单已取消</translation>
    </message>
    <message>
      <source>Assisted purchase: balance paid</source>
      <translation>代购尾款收据</translation>
    </message>
    <message>
      <source>Assisted purchase refund</source>
      <translation>代购退款单</translation>
    </message>
    <message>
      <source>returned: {count}</source>
      <translation>退回 {count} 件</translation>
    </message>
  </context>
  <context>
    <name>purchases</name>
    <message>
      <source>Placed</source>
      <translation>已下单</translation>
    </message>
    <message>
      <source>Shipped</source>
      <translation>已发货</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>已到货</translation>
    </message>
    <message>
      <source>Collected</source>
      <translation>已取货</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>Refunded in full</source>
      <translation>已全额退款</translation>
    </message>
    <message>
      <source>Order placed</source>
      <translation>已下单</translation>
    </message>
    <message>
      <source>Waybill added</source>
      <translation>添加运单号</translation>
    </message>
    <message>
      <source>Waybill removed</source>
      <translation>删除运单号</translation>
    </message>
    <message>
      <source>Parcel check-in undone</source>
      <translation>包裹入库已撤销</translation>
    </message>
    <message>
      <source>Parcel checked in</source>
      <translation>包裹已入库</translation>
    </message>
    <message>
      <source>Goods arrived</source>
      <translation>货已到齐</translation>
    </message>
    <message>
      <source>Payment taken</source>
      <translation>已收款</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Order cancelled</source>
      <translation>订单已取消</translation>
    </message>
    <message>
      <source>Fully refunded</source>
      <translation>已全额退款</translation>
    </message>
    <message>
      <source>Return waybill recorded</source>
      <translation>已登记退货运单号</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
  </context>
  <context>
    <name>receipt</name>
    <message>
      <source>Sales receipt</source>
      <translation>销售小票</translation>
    </message>
    <message>
      <source>Refund receipt</source>
      <translation>退款单</translation>
    </message>
    <message>
      <source>Assisted purchase receipt</source>
      <translation>代购单</translation>
    </message>
    <message>
      <source>Pickup receipt</source>
      <translation>取件单</translation>
    </message>
    <message>
      <source>Payment receipt</source>
      <translation>收款单</translation>
    </message>
    <message>
      <source>Parcel sending receipt</source>
      <translation>寄件小票</translation>
    </message>
    <message>
      <source>Service payment receipt</source>
      <translation>便民缴费小票</translation>
    </message>
    <message>
      <source>Service refund receipt</source>
      <translation>便民缴费退款小票</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Receipt no.</source>
      <translation>单号</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>收银员</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>顾客</translation>
    </message>
    <message>
      <source>Original receipt</source>
      <translation>原单号</translation>
    </message>
    <message>
      <source>Tel</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>*** Reprint ***</source>
      <translation>*** 重印 ***</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>品名</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>单价</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Item / qty x price</source>
      <translation>品名/数量x单价</translation>
    </message>
    <message>
      <source>Discount</source>
      <translation>折扣</translation>
    </message>
    <message>
      <source>Items</source>
      <translation>件数</translation>
    </message>
    <message>
      <source>Subtotal</source>
      <translation>小计</translation>
    </message>
    <message>
      <source>Whole-sale discount</source>
      <translation>整单折扣</translation>
    </message>
    <message>
      <source>Cash received</source>
      <translation>实收现金</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>找零</translation>
    </message>
    <message>
      <source>Ref.</source>
      <translation>流水号</translation>
    </message>
    <message>
      <source>Balance owed on account</source>
      <translation>账户欠款</translation>
    </message>
    <message>
      <source>Credit on account</source>
      <translation>账户余额</translation>
    </message>
    <message>
      <source>Thank you, please come again!</source>
      <translation>谢谢惠顾，欢迎再来！</translation>
    </message>
  </context>
  <context>
    <name>reports</name>
    <message>
      <source>{title} for {period} written to {file}</source>
      <translation>{period} 的{title}已写入 {file}</translation>
    </message>
    <message>
      <source>Daily station report</source>
      <translation>站点日报</translation>
    </message>
    <message>
      <source>Monthly statement</source>
      <translation>月度结算单</translation>
    </message>
    <message>
      <source>Parcels per day</source>
      <translation>每日包裹数</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>入库</translation>
    </message>
    <message>
      <source>Handed over</source>
      <translation>已取件</translation>
    </message>
    <message>
      <source>Sales per day (yuan)</source>
      <translation>每日销售额（元）</translation>
    </message>
    <message>
      <source>Counter sales</source>
      <translation>柜台销售</translation>
    </message>
    <message>
      <source>Sale refunds</source>
      <translation>销售退款</translation>
    </message>
    <message>
      <source>Purchase deposits</source>
      <translation>代购定金</translation>
    </message>
    <message>
      <source>Purchase balances</source>
      <translation>代购尾款</translation>
    </message>
    <message>
      <source>Purchase refunds</source>
      <translation>代购退款</translation>
    </message>
    <message>
      <source>Parcel fees</source>
      <translation>包裹费用</translation>
    </message>
    <message>
      <source>Delivery collections</source>
      <translation>送货上门收款</translation>
    </message>
    <message>
      <source>Parcels sent</source>
      <translation>寄件</translation>
    </message>
    <message>
      <source>Services (top-ups, bills)</source>
      <translation>便民缴费（充值、缴费）</translation>
    </message>
    <message>
      <source>Service refunds</source>
      <translation>便民缴费退款</translation>
    </message>
    <message>
      <source>Account repayments</source>
      <translation>赊账还款</translation>
    </message>
    <message>
      <source>Cash put in</source>
      <translation>放入现金</translation>
    </message>
    <message>
      <source>Cash taken out</source>
      <translation>取出现金</translation>
    </message>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile pay</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>(no category)</source>
      <translation>（未分类）</translation>
    </message>
    <message>
      <source>the close of {day}</source>
      <translation>{day} 营业结束</translation>
    </message>
    <message>
      <source>{date}, {weekday}</source>
      <translation>{date}（{weekday}）</translation>
    </message>
    <message>
      <source>{month} ({first} to {last})</source>
      <translation>{month}（{first} 至 {last}）</translation>
    </message>
    <message>
      <source>Monday</source>
      <translation>星期一</translation>
    </message>
    <message>
      <source>Tuesday</source>
      <translation>星期二</translation>
    </message>
    <message>
      <source>Wednesday</source>
      <translation>星期三</translation>
    </message>
    <message>
      <source>Thursday</source>
      <translation>星期四</translation>
    </message>
    <message>
      <source>Friday</source>
      <translation>星期五</translation>
    </message>
    <message>
      <source>Saturday</source>
      <translation>星期六</translation>
    </message>
    <message>
      <source>Sunday</source>
      <translation>星期日</translation>
    </message>
    <message>
      <source>Village station</source>
      <translation>村级服务站</translation>
    </message>
    <message>
      <source>Page {page}</source>
      <translation>第 {page} 页</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>Sales</source>
      <translation>销售笔数</translation>
    </message>
    <message>
      <source>Sales total</source>
      <translation>销售额</translation>
    </message>
    <message>
      <source>Purchases placed</source>
      <translation>代购下单</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>Day by day</source>
      <translation>每日明细</translation>
    </message>
    <message>
      <source>Made {time}. Stock figures as of {as_of}.</source>
      <translation>生成于 {time}，库存数截至{as_of}。</translation>
    </message>
    <message>
      <source>Parcels received</source>
      <translation>入库包裹</translation>
    </message>
    <message>
      <source>Parcels handed over</source>
      <translation>取件数</translation>
    </message>
    <message>
      <source>Parcels in stock</source>
      <translation>在库包裹</translation>
    </message>
    <message>
      <source>Overdue parcels</source>
      <translation>超期包裹</translation>
    </message>
    <message>
      <source>Net sales</source>
      <translation>销售净额</translation>
    </message>
    <message>
      <source>Cash taken (net)</source>
      <translation>现金净收入</translation>
    </message>
    <message>
      <source>Mobile pay taken</source>
      <translation>移动支付收入</translation>
    </message>
    <message>
      <source>Parcels by carrier</source>
      <translation>各快递公司包裹</translation>
    </message>
    <message>
      <source>The counts couriers settle with the station: parcels received, handed over and returned in the month, per carrier.</source>
      <translation>快递公司与站点结算的数量：本月各快递公司的入库、取件和退回包裹数。</translation>
    </message>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>In stock</source>
      <translation>在库</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>超期</translation>
    </message>
    <message>
      <source>In stock and overdue: as of {as_of}. Overdue: {days} days or more in stock; {due} parcels have been in stock {return_days} days or more and are due to go back to the courier.</source>
      <translation>在库和超期数截至{as_of}。超期：在库 {days} 天及以上；其中 {due} 件已在库 {return_days} 天及以上，应退回快递公司。</translation>
    </message>
    <message>
      <source>Overdue parcels, oldest first</source>
      <translation>超期包裹（最早的在前）</translation>
    </message>
    <message>
      <source>Pickup code</source>
      <translation>取件码</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Checked in</source>
      <translation>入库时间</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>{shown} of {total} overdue parcels shown; the Pickup page lists them all.</source>
      <translation>共 {total} 件超期包裹，这里列出 {shown} 件；取件页面可查看全部。</translation>
    </message>
    <message>
      <source>Assisted purchases</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>Orders</source>
      <translation>订单数</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Placed</source>
      <translation>已下单</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>已到货</translation>
    </message>
    <message>
      <source>Collected</source>
      <translation>已取货</translation>
    </message>
    <message>
      <source>Cancelled or refunded</source>
      <translation>已取消或退款</translation>
    </message>
    <message>
      <source>Taken at the counter for orders: {received}; given back: {refunded}.</source>
      <translation>代购在柜台收款 {received}，退还 {refunded}。</translation>
    </message>
    <message>
      <source>Totals for the partner's commission</source>
      <translation>合伙人佣金汇总</translation>
    </message>
    <message>
      <source>Orders placed and not cancelled</source>
      <translation>下单且未取消的订单</translation>
    </message>
    <message>
      <source>Goods value</source>
      <translation>商品金额</translation>
    </message>
    <message>
      <source>Service fees</source>
      <translation>服务费</translation>
    </message>
    <message>
      <source>Order totals</source>
      <translation>订单总额</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>品名</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Goods and services</source>
      <translation>商品和服务</translation>
    </message>
    <message>
      <source>Discounts</source>
      <translation>优惠</translation>
    </message>
    <message>
      <source>Refunds ({n})</source>
      <translation>退款（{n} 笔）</translation>
    </message>
    <message>
      <source>Sales by category</source>
      <translation>按类别销售</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Category amounts are before whole-sale discounts and refunds.</source>
      <translation>类别金额未扣整单优惠和退款。</translation>
    </message>
    <message>
      <source>Sales by tender (after refunds)</source>
      <translation>按付款方式销售（已扣退款）</translation>
    </message>
    <message>
      <source>Tender</source>
      <translation>付款方式</translation>
    </message>
    <message>
      <source>Services: top-ups and bills</source>
      <translation>便民服务：充值缴费</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>业务</translation>
    </message>
    <message>
      <source>Payments</source>
      <translation>笔数</translation>
    </message>
    <message>
      <source>Fees</source>
      <translation>手续费</translation>
    </message>
    <message>
      <source>Commission</source>
      <translation>佣金</translation>
    </message>
    <message>
      <source>Refunded</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Commission as fixed when each payment was made; a refund takes it back on the day of the refund.</source>
      <translation>佣金按每笔缴费当时的规则计算；退款当天扣回。</translation>
    </message>
    <message>
      <source>Cash reconciliation</source>
      <translation>现金对账</translation>
    </message>
    <message>
      <source>What for</source>
      <translation>款项</translation>
    </message>
    <message>
      <source>Money in is positive, money out negative. The cash column is what the drawer gained; mobile pay should match the payment app's statement.</source>
      <translation>收入为正，支出为负。现金一列是钱箱的增减；移动支付应与收款软件的账单一致。</translation>
    </message>
    <message>
      <source>Shifts</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Shift</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Opened</source>
      <translation>开班</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>交班</translation>
    </message>
    <message>
      <source>Float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>应有</translation>
    </message>
    <message>
      <source>Counted</source>
      <translation>实点</translation>
    </message>
    <message>
      <source>Difference</source>
      <translation>差额</translation>
    </message>
    <message>
      <source>still open</source>
      <translation>尚未交班</translation>
    </message>
    <message>
      <source>Reasons given for differences: {reasons}</source>
      <translation>差额原因：{reasons}</translation>
    </message>
    <message>
      <source>Villager accounts: {charged} put on account, {settled} paid off; villagers owe {owed} in all at the end of the period.</source>
      <translation>村民赊账：新增赊账 {charged}，还款 {settled}；期末村民共欠 {owed}。</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>包裹数</translation>
    </message>
    <message>
      <source>  (received/handed over/returned)</source>
      <translation>  （入库/取件/退回）</translation>
    </message>
    <message>
      <source>Money taken</source>
      <translation>收款</translation>
    </message>
    <message>
      <source>Shift {number} difference</source>
      <translation>班次 {number} 差额</translation>
    </message>
    <message>
      <source>Made {time}</source>
      <translation>生成于 {time}</translation>
    </message>
    <message>
      <source>Cannot write {file}: {problem}</source>
      <translation>无法写入 {file}：{problem}</translation>
    </message>
    <message>
      <source>The PDF could not be made ({error}). The log has the details.</source>
      <translation>PDF 没能生成（{error}），详情见日志。</translation>
    </message>
  </context>
  <context>
    <name>sales</name>
    <message>
      <source>Owner approval needed</source>
      <translation>需要站长批准</translation>
    </message>
    <message>
      <source>Owner allows it</source>
      <translation>站长批准</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>sending</name>
    <message>
      <source>accepted</source>
      <translation>已收寄</translation>
    </message>
    <message>
      <source>labelled</source>
      <translation>已贴单</translation>
    </message>
    <message>
      <source>collected by courier</source>
      <translation>已揽收</translation>
    </message>
    <message>
      <source>refused / returned</source>
      <translation>拒收/退回</translation>
    </message>
  </context>
  <context>
    <name>sending_documents</name>
    <message>
      <source>Carrier</source>
      <translation>快递公司</translation>
    </message>
    <message>
      <source>Sender</source>
      <translation>寄件人</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>收件人</translation>
    </message>
    <message>
      <source>To</source>
      <translation>寄往</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>物品</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>重量</translation>
    </message>
    <message>
      <source>Size (cm)</source>
      <translation>尺寸（厘米）</translation>
    </message>
    <message>
      <source>Volumetric weight</source>
      <translation>体积重</translation>
    </message>
    <message>
      <source>Charged weight</source>
      <translation>计费重量</translation>
    </message>
    <message>
      <source>Zone</source>
      <translation>区域</translation>
    </message>
    <message>
      <source>First weight</source>
      <translation>首重</translation>
    </message>
    <message>
      <source>Additional weight</source>
      <translation>续重</translation>
    </message>
    <message>
      <source>Insured value</source>
      <translation>保价金额</translation>
    </message>
    <message>
      <source>Insurance</source>
      <translation>保价费</translation>
    </message>
    <message>
      <source>Waybill</source>
      <translation>运单号</translation>
    </message>
    <message>
      <source>Courier collection list</source>
      <translation>揽收交接单</translation>
    </message>
    <message>
      <source>List no.</source>
      <translation>交接单号</translation>
    </message>
    <message>
      <source>List opened</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>List closed</source>
      <translation>结束</translation>
    </message>
    <message>
      <source>Number of parcels</source>
      <translation>件数</translation>
    </message>
    <message>
      <source>Total weight</source>
      <translation>总重量</translation>
    </message>
    <message>
      <source>Courier's signature:</source>
      <translation>快递员签字：</translation>
    </message>
    <message>
      <source>Station:</source>
      <translation>服务站：</translation>
    </message>
    <message>
      <source>Postage {carrier}</source>
      <translation>运费 {carrier}</translation>
    </message>
  </context>
  <context>
    <name>shift_documents</name>
    <message>
      <source>Cash</source>
      <translation>现金</translation>
    </message>
    <message>
      <source>Mobile payment</source>
      <translation>移动支付</translation>
    </message>
    <message>
      <source>On account</source>
      <translation>赊账</translation>
    </message>
    <message>
      <source>Counter sales</source>
      <translation>柜台销售</translation>
    </message>
    <message>
      <source>Sale refunds</source>
      <translation>销售退款</translation>
    </message>
    <message>
      <source>Purchase deposits</source>
      <translation>代购定金</translation>
    </message>
    <message>
      <source>Purchase balances</source>
      <translation>代购尾款</translation>
    </message>
    <message>
      <source>Purchase refunds</source>
      <translation>代购退款</translation>
    </message>
    <message>
      <source>Parcel fees</source>
      <translation>包裹费用</translation>
    </message>
    <message>
      <source>Delivery collections</source>
      <translation>送货上门收款</translation>
    </message>
    <message>
      <source>Parcels sent</source>
      <translation>寄件</translation>
    </message>
    <message>
      <source>Services (top-ups, bills)</source>
      <translation>便民缴费（充值、缴费）</translation>
    </message>
    <message>
      <source>Service refunds</source>
      <translation>便民缴费退款</translation>
    </message>
    <message>
      <source>Account payments</source>
      <translation>还账收款</translation>
    </message>
    <message>
      <source>Cash in</source>
      <translation>存入现金</translation>
    </message>
    <message>
      <source>Cash out</source>
      <translation>取出现金</translation>
    </message>
    <message>
      <source>Opening float</source>
      <translation>备用金</translation>
    </message>
    <message>
      <source>Z report (shift close)</source>
      <translation>Z 报表（交班）</translation>
    </message>
    <message>
      <source>X report (shift so far)</source>
      <translation>X 报表（班中）</translation>
    </message>
    <message>
      <source>Shift number</source>
      <translation>班次</translation>
    </message>
    <message>
      <source>Shift opened</source>
      <translation>开班时间</translation>
    </message>
    <message>
      <source>Opened by</source>
      <translation>开班人</translation>
    </message>
    <message>
      <source>Shift closed</source>
      <translation>交班时间</translation>
    </message>
    <message>
      <source>Closed by</source>
      <translation>交班人</translation>
    </message>
    <message>
      <source>Up to</source>
      <translation>统计至</translation>
    </message>
    <message>
      <source>Totals by tender</source>
      <translation>按支付方式合计</translation>
    </message>
    <message>
      <source>All tenders</source>
      <translation>全部合计</translation>
    </message>
    <message>
      <source>By purpose</source>
      <translation>按用途</translation>
    </message>
    <message>
      <source>No payments in this shift.</source>
      <translation>本班次没有收付款。</translation>
    </message>
    <message>
      <source>Refunds</source>
      <translation>退款</translation>
    </message>
    <message>
      <source>Services paid (top-ups, bills)</source>
      <translation>便民缴费（充值、缴费）</translation>
    </message>
    <message>
      <source>Amount paid in</source>
      <translation>充值/缴费金额</translation>
    </message>
    <message>
      <source>Fees</source>
      <translation>手续费</translation>
    </message>
    <message>
      <source>Parcels in this shift</source>
      <translation>本班包裹</translation>
    </message>
    <message>
      <source>Parcels checked in</source>
      <translation>入库件数</translation>
    </message>
    <message>
      <source>Parcels picked up</source>
      <translation>取件件数</translation>
    </message>
    <message>
      <source>Parcels returned to courier</source>
      <translation>退回快递员件数</translation>
    </message>
    <message>
      <source>Cash in and out</source>
      <translation>存取现金</translation>
    </message>
    <message>
      <source>Cash drawer</source>
      <translation>钱箱</translation>
    </message>
    <message>
      <source>Cash movements</source>
      <translation>现金进出</translation>
    </message>
    <message>
      <source>Expected in drawer</source>
      <translation>钱箱应有</translation>
    </message>
    <message>
      <source>Counted</source>
      <translation>实点</translation>
    </message>
    <message>
      <source>Variance</source>
      <translation>差额</translation>
    </message>
    <message>
      <source>Reason: {reason}</source>
      <translation>原因：{reason}</translation>
    </message>
    <message>
      <source>Approved by: {name}</source>
      <translation>批准人：{name}</translation>
    </message>
    <message>
      <source>Printed</source>
      <translation>打印时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>打印人</translation>
    </message>
    <message>
      <source>Signature: ____________</source>
      <translation>签名：____________</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Operator</source>
      <translation>收银员</translation>
    </message>
  </context>
  <context>
    <name>startup</name>
    <message>
      <source>Cannot start</source>
      <translation>无法启动</translation>
    </message>
    <message>
      <source>This PC shares the station's database: start it once with --counter NAME to say which counter it is.</source>
      <translation>这台电脑与其他收银台共用服务站的数据库：请先用 --counter 名称 启动一次，说明它是哪个收银台。</translation>
    </message>
    <message>
      <source>The main counter's database cannot be reached: check that the main PC is on and its database server is started, and that this PC is on the station's network; then start again.</source>
      <translation>主收银台的数据库连接不上：请确认主电脑已开机、它的数据库服务已启动，并且这台电脑连在服务站的网络上，然后再启动。</translation>
    </message>
    <message>
      <source>The station database on the main PC holds no station yet. Move the station there on the main PC first (village-pos move-to local), then start this counter again.</source>
      <translation>主电脑上的服务站数据库里还没有服务站。请先在主电脑上把服务站迁移过去（village-pos move-to local），再启动这台收银机。</translation>
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
      <source>The station database {path} is missing, but there are backups. Restore the newest backup ({name})?

Choose No only to start a new, empty station.</source>
      <translation>找不到站点数据库 {path}，但有备份。是否恢复最新的备份（{name}）？

只有在要新建一个空站点时才选择“否”。</translation>
    </message>
    <message>
      <source>Database missing</source>
      <translation>找不到数据库</translation>
    </message>
  </context>
  <context>
    <name>villager_history</name>
    <message>
      <source>{carrier_en} {waybill}: checked in, waiting for a phone number</source>
      <translation>{carrier_zh} {waybill}：已入库，等待补录手机号</translation>
    </message>
    <message>
      <source>{carrier_en} {waybill}: on the shelf, pickup code {code}</source>
      <translation>{carrier_zh} {waybill}：在架上，取件码 {code}</translation>
    </message>
    <message>
      <source>{carrier_en} {waybill}: out for delivery</source>
      <translation>{carrier_zh} {waybill}：送货途中</translation>
    </message>
    <message>
      <source>{carrier_en} {waybill}: picked up {when}</source>
      <translation>{carrier_zh} {waybill}：已于 {when} 取走</translation>
    </message>
    <message>
      <source>{carrier_en} {waybill}: returned to the courier {when}</source>
      <translation>{carrier_zh} {waybill}：已于 {when} 退回快递员</translation>
    </message>
    <message>
      <source>{carrier_en} {waybill}: picked up {when} by {collector}</source>
      <translation>{carrier_zh} {waybill}：已于 {when} 由 {collector} 代取</translation>
    </message>
    <message>
      <source>Parcel</source>
      <translation>包裹</translation>
    </message>
    <message>
      <source>Order {number} placed: {items}</source>
      <translation>代购单 {number} 已下单：{items}</translation>
    </message>
    <message>
      <source>Order {number} shipped: {items}</source>
      <translation>代购单 {number} 已发货：{items}</translation>
    </message>
    <message>
      <source>Order {number} arrived at the station: {items}</source>
      <translation>代购单 {number} 已到站：{items}</translation>
    </message>
    <message>
      <source>Order {number} collected: {items}</source>
      <translation>代购单 {number} 已取货：{items}</translation>
    </message>
    <message>
      <source>Order {number} cancelled: {items}</source>
      <translation>代购单 {number} 已取消：{items}</translation>
    </message>
    <message>
      <source>Order {number} refunded: {items}</source>
      <translation>代购单 {number} 已退款：{items}</translation>
    </message>
    <message>
      <source>Receipt {number}: {items}</source>
      <translation>小票 {number}：{items}</translation>
    </message>
    <message>
      <source>Receipt {number} (partly refunded): {items}</source>
      <translation>小票 {number}（部分退款）：{items}</translation>
    </message>
    <message>
      <source>Receipt {number} (refunded): {items}</source>
      <translation>小票 {number}（已退款）：{items}</translation>
    </message>
    <message>
      <source>Assisted purchase</source>
      <translation>代购</translation>
    </message>
    <message>
      <source>Sale</source>
      <translation>销售</translation>
    </message>
    <message>
      <source>Payment received on account by {operator}</source>
      <translation>收到还款（经手人 {operator}）</translation>
    </message>
    <message>
      <source>Balance adjusted by {operator}</source>
      <translation>{operator} 调整了欠款</translation>
    </message>
    <message>
      <source>Opening balance from a CSV import</source>
      <translation>CSV 导入的期初欠款</translation>
    </message>
    <message>
      <source>Bought on account, receipt {reference}</source>
      <translation>赊账购物，小票 {reference}</translation>
    </message>
    <message>
      <source>Assisted purchase on account, order {reference}</source>
      <translation>赊账代购，代购单 {reference}</translation>
    </message>
    <message>
      <source>Refund to the account, {reference}</source>
      <translation>退款冲抵欠款，{reference}</translation>
    </message>
    <message>
      <source>Account change ({kind}) {reference}</source>
      <translation>账目变动（{kind}）{reference}</translation>
    </message>
    <message>
      <source>Account</source>
      <translation>赊账</translation>
    </message>
  </context>
  <context>
    <name>villagers</name>
    <message>
      <source>Signed paper</source>
      <translation>书面签字</translation>
    </message>
    <message>
      <source>In person</source>
      <translation>当面口头</translation>
    </message>
    <message>
      <source>By phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>On the villager card or a CSV import</source>
      <translation>村民资料或 CSV 导入</translation>
    </message>
    <message>
      <source>Recorded before the log</source>
      <translation>记录启用前已登记</translation>
    </message>
    <message>
      <source>Owes {amount}</source>
      <translation>欠款 {amount}</translation>
    </message>
    <message>
      <source>In credit {amount}</source>
      <translation>预存 {amount}</translation>
    </message>
    <message>
      <source>Owes nothing</source>
      <translation>无欠款</translation>
    </message>
    <message>
      <source>Delivery to the door: no consent recorded</source>
      <translation>送货上门：没有同意记录</translation>
    </message>
    <message>
      <source>Delivery to the door: agreed on {date}</source>
      <translation>送货上门：{date} 同意</translation>
    </message>
    <message>
      <source>Delivery to the door: consent withdrawn on {date}</source>
      <translation>送货上门：{date} 已撤回同意</translation>
    </message>
    <message>
      <source>Delivery to the door: no consent in force</source>
      <translation>送货上门：未同意</translation>
    </message>
  </context>
</TS>

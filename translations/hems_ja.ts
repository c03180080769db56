<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ApplianceHistoryPage</name>
    <message>
        <source>Appliance history</source>
        <translation>機器履歴</translation>
    </message>
    <message>
        <source>What each connected appliance did and why (by hand, by schedule or by energy-saving control), and device error codes with when they occurred, when they cleared and what they mean.</source>
        <translation>接続した機器がいつ何をしたか（手動操作・スケジュール・省エネ制御）と、機器のエラーコード（発生日時・復旧日時と内容）を表示します。</translation>
    </message>
</context>
<context>
    <name>CircuitGraphPage</name>
    <message>
        <source>Circuit graph</source>
        <translation>回路のグラフ</translation>
    </message>
    <message>
        <source>All circuits</source>
        <translation>全回路の内訳</translation>
    </message>
</context>
<context>
    <name>CircuitRankingPage</name>
    <message>
        <source>Circuit ranking</source>
        <translation>回路ランキング</translation>
    </message>
    <message>
        <source>Adding up…</source>
        <translation>集計しています…</translation>
    </message>
    <message>
        <source>No data for this period.</source>
        <translation>この期間のデータはありません。</translation>
    </message>
    <message>
        <source>The house used {total}; circuits not measured separately: {rest}.</source>
        <translation>家全体の使用量 {total}、回路別に計測していない分 {rest}。</translation>
    </message>
</context>
<context>
    <name>DayTotals</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>使った</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>発電した</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>買った</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>売った</translation>
    </message>
</context>
<context>
    <name>DesktopWindow</name>
    <message>
        <source>HEMS Panel</source>
        <translation>HEMSパネル</translation>
    </message>
</context>
<context>
    <name>DeviceClass</name>
    <message>
        <source>Distribution board</source>
        <translation>分電盤</translation>
    </message>
    <message>
        <source>Smart meter</source>
        <translation>スマートメーター</translation>
    </message>
    <message>
        <source>Solar power</source>
        <translation>太陽光発電</translation>
    </message>
    <message>
        <source>Storage battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>Fuel cell</source>
        <translation>燃料電池</translation>
    </message>
    <message>
        <source>EV charger (V2H)</source>
        <translation>EV充放電器 (V2H)</translation>
    </message>
    <message>
        <source>Gas meter</source>
        <translation>ガスメーター</translation>
    </message>
    <message>
        <source>Water meter</source>
        <translation>水道メーター</translation>
    </message>
    <message>
        <source>Air conditioner</source>
        <translation>エアコン</translation>
    </message>
    <message>
        <source>Water heater</source>
        <translation>給湯器</translation>
    </message>
    <message>
        <source>Lighting</source>
        <translation>照明</translation>
    </message>
    <message>
        <source>Device {code}</source>
        <translation>機器 {code}</translation>
    </message>
</context>
<context>
    <name>DeviceNameDialog</name>
    <message>
        <source>Living room</source>
        <translation>リビング</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>キッチン</translation>
    </message>
    <message>
        <source>Washroom</source>
        <translation>洗面所</translation>
    </message>
    <message>
        <source>Bedroom</source>
        <translation>寝室</translation>
    </message>
    <message>
        <source>Outdoors</source>
        <translation>屋外</translation>
    </message>
    <message>
        <source>Roof</source>
        <translation>屋根</translation>
    </message>
    <message>
        <source>Garage</source>
        <translation>車庫</translation>
    </message>
    <message>
        <source>Hallway</source>
        <translation>廊下</translation>
    </message>
    <message>
        <source>Give the device a name you recognise and say where it is.</source>
        <translation>わかりやすい名前と、置いてある場所を入れてください。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>場所</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Place not set</source>
        <translation>場所未設定</translation>
    </message>
    <message>
        <source>Answering</source>
        <translation>応答あり</translation>
    </message>
    <message>
        <source>Not answering</source>
        <translation>応答なし</translation>
    </message>
    <message>
        <source>No answer since {time}</source>
        <translation>{time}から応答なし</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>The name could not be saved. Please try again.</source>
        <translation>名前を保存できませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>機器を探しています…</translation>
    </message>
    <message>
        <source>No devices found yet. The panel keeps looking on the home network.</source>
        <translation>まだ機器が見つかりません。宅内ネットワークで探し続けています。</translation>
    </message>
    <message>
        <source>Devices found: {count}. Not answering: {quiet}. Tap a device to name it.</source>
        <translation>見つかった機器: {count}台、応答なし: {quiet}台。機器をタップすると名前を付けられます。</translation>
    </message>
</context>
<context>
    <name>EnergyGraph</name>
    <message>
        <source>No data for this period</source>
        <translation>この期間のデータはありません</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation>前年同期</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>前日</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>前週</translation>
    </message>
    <message>
        <source>Previous month</source>
        <translation>前月</translation>
    </message>
    <message>
        <source>Previous year</source>
        <translation>前年</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>比較</translation>
    </message>
</context>
<context>
    <name>FlowDiagram</name>
    <message>
        <source>Solar</source>
        <translation>太陽光</translation>
    </message>
    <message>
        <source>Fuel cell</source>
        <translation>燃料電池</translation>
    </message>
    <message>
        <source>House</source>
        <translation>家</translation>
    </message>
    <message>
        <source>EV</source>
        <translation>EV</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>電力会社</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>発電中</translation>
    </message>
    <message>
        <source>Selling</source>
        <translation>売電中</translation>
    </message>
    <message>
        <source>Buying</source>
        <translation>買電中</translation>
    </message>
    <message>
        <source>Discharging</source>
        <translation>放電中</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>充電中</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>メニュー</translation>
    </message>
</context>
<context>
    <name>GenerationPage</name>
    <message>
        <source>automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>charging</source>
        <translation>充電</translation>
    </message>
    <message>
        <source>rapid charging</source>
        <translation>急速充電</translation>
    </message>
    <message>
        <source>discharging</source>
        <translation>放電</translation>
    </message>
    <message>
        <source>standby</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>test</source>
        <translation>試運転</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>再起動中</translation>
    </message>
    <message>
        <source>recalculating capacity</source>
        <translation>実効容量再計算中</translation>
    </message>
    <message>
        <source>other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Generation &amp; storage</source>
        <translation>発電・蓄電</translation>
    </message>
    <message>
        <source>Self-consumption {self_consumption} · Self-sufficiency {self_sufficiency} · Sold {sold} · Bought {bought}</source>
        <translation>自家消費率 {self_consumption} · 自給率 {self_sufficiency} · 売電 {sold} · 買電 {bought}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>V2H / EV charger: {mode}</source>
        <translation>V2H・EV充放電器: {mode}</translation>
    </message>
    <message>
        <source>Battery: {status} · mode setting: {mode}</source>
        <translation>蓄電池: {status} · 運転モード設定: {mode}</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>太陽光</translation>
    </message>
    <message>
        <source>Fuel cell</source>
        <translation>燃料電池</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>買電</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>売電</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>充電</translation>
    </message>
    <message>
        <source>Discharged</source>
        <translation>放電</translation>
    </message>
    <message>
        <source>Battery level</source>
        <translation>蓄電池残量</translation>
    </message>
    <message>
        <source>EV charging</source>
        <translation>EV充電</translation>
    </message>
    <message>
        <source>Gas</source>
        <translation>ガス</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水道</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>発電</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>充放電</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>残量</translation>
    </message>
    <message>
        <source>EV</source>
        <translation>EV</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <source>Yen</source>
        <translation>円</translation>
    </message>
    <message>
        <source>CO2</source>
        <translation>CO2</translation>
    </message>
    <message>
        <source>Set your rate plan to see costs</source>
        <translation>料金プランを設定すると料金を表示します</translation>
    </message>
    <message>
        <source>Total {value}</source>
        <translation>合計 {value}</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Home</source>
        <translation>ホーム</translation>
    </message>
    <message>
        <source>Waiting for data…</source>
        <translation>データを待っています…</translation>
    </message>
    <message>
        <source>Data is stale (as of {time})</source>
        <translation>データが古い ({time} 時点)</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>{time} 更新</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>決定</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>1文字削除</translation>
    </message>
    <message>
        <source>Capitals</source>
        <translation>大文字</translation>
    </message>
</context>
<context>
    <name>MeasurementPage</name>
    <message>
        <source>Measurement</source>
        <translation>計測</translation>
    </message>
    <message>
        <source>L1 {power}</source>
        <translation>L1 {power}</translation>
    </message>
    <message>
        <source>L2 {power}</source>
        <translation>L2 {power}</translation>
    </message>
    <message>
        <source>Total {power}</source>
        <translation>合計 {power}</translation>
    </message>
    <message>
        <source>Waiting for readings…</source>
        <translation>計測値を待っています…</translation>
    </message>
    <message>
        <source>No circuits measured yet</source>
        <translation>計測している回路がありません</translation>
    </message>
    <message>
        <source>No fresh readings</source>
        <translation>新しい計測値がありません</translation>
    </message>
    <message>
        <source>Ranking</source>
        <translation>ランキング</translation>
    </message>
    <message>
        <source>Breakdown</source>
        <translation>内訳</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>前のページ</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>次のページ</translation>
    </message>
</context>
<context>
    <name>NoticeLamp</name>
    <message>
        <source>Notices</source>
        <translation>お知らせ</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <source>Notices</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>Messages from the service and from your home: device errors, weather warnings, backup results, power-saving targets and reminders. The lamp lights while something is unread.</source>
        <translation>サービスからのお知らせと、ご家庭からのお知らせ（機器のエラー、気象警報、バックアップの結果、節電目標、各種リマインダー）を表示します。未読のお知らせがあるとランプが点灯します。</translation>
    </message>
</context>
<context>
    <name>PasswordPromptDialog</name>
    <message>
        <source>Wrong password. Please try again.</source>
        <translation>パスワードが違います。もう一度入力してください。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Access password</source>
        <translation>アクセスパスワード</translation>
    </message>
    <message>
        <source>Leave panel mode</source>
        <translation>パネル画面の終了</translation>
    </message>
    <message>
        <source>Enter the access password to close the panel screen.</source>
        <translation>パネル画面を終了するには、アクセスパスワードを入力してください。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>現在のパスワード</translation>
    </message>
    <message>
        <source>Enter the current access password first.</source>
        <translation>はじめに、現在のアクセスパスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>vs previous</source>
        <translation>前期間と比較</translation>
    </message>
    <message>
        <source>vs last year</source>
        <translation>前年と比較</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>週</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Earlier period</source>
        <translation>前の期間</translation>
    </message>
    <message>
        <source>Later period</source>
        <translation>次の期間</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Coming soon</source>
        <translation>準備中</translation>
    </message>
</context>
<context>
    <name>RatesPage</name>
    <message>
        <source>Rates</source>
        <translation>料金設定</translation>
    </message>
    <message>
        <source>Selling price</source>
        <translation>売電単価</translation>
    </message>
    <message>
        <source>Sell: {price} yen/kWh</source>
        <translation>売電: {price}円/kWh</translation>
    </message>
    <message>
        <source>Sell: not set</source>
        <translation>売電: 未設定</translation>
    </message>
    <message>
        <source>The plan could not be saved.</source>
        <translation>プランを保存できませんでした。</translation>
    </message>
    <message>
        <source>Reading the plan…</source>
        <translation>プランを読み込んでいます…</translation>
    </message>
    <message>
        <source>No plan is set: choose yours to see costs in yen.</source>
        <translation>料金プランが未設定です。ご契約のプランを選ぶと料金を円で表示します。</translation>
    </message>
    <message>
        <source>Your plan: {plan}</source>
        <translation>ご契約のプラン: {plan}</translation>
    </message>
    <message>
        <source>No plans in the catalog.</source>
        <translation>カタログにプランがありません。</translation>
    </message>
    <message>
        <source>No prices for today.</source>
        <translation>今日の単価がありません。</translation>
    </message>
    <message>
        <source>Source: {url} ({date})</source>
        <translation>出典: {url} ({date})</translation>
    </message>
    <message>
        <source>{rule}: available</source>
        <translation>{rule}: 利用できます</translation>
    </message>
    <message>
        <source>{rule}: not available — {why}</source>
        <translation>{rule}: 利用できません — {why}</translation>
    </message>
    <message>
        <source>Basic charge (yen/month): {table}</source>
        <translation>基本料金 (円/月): {table}</translation>
    </message>
    <message>
        <source>Basic charge: {yen} yen per kVA</source>
        <translation>基本料金: 1kVAあたり {yen}円</translation>
    </message>
    <message>
        <source>Basic or minimum charge: {yen} yen/month</source>
        <translation>基本料金・最低料金: {yen}円/月</translation>
    </message>
    <message>
        <source>{price} yen/kWh at every hour</source>
        <translation>全時間帯 {price}円/kWh</translation>
    </message>
    <message>
        <source>{low}–{high} kWh a month: {price} yen/kWh</source>
        <translation>月{low}〜{high}kWh: {price}円/kWh</translation>
    </message>
    <message>
        <source>Today ({season}):</source>
        <translation>今日 ({season}):</translation>
    </message>
    <message>
        <source>yen/kWh</source>
        <translation>円/kWh</translation>
    </message>
    <message>
        <source>Use this plan</source>
        <translation>このプランにする</translation>
    </message>
    <message>
        <source>Battery charging from surplus</source>
        <translation>蓄電池の余剰充電</translation>
    </message>
    <message>
        <source>EV charging from surplus</source>
        <translation>EVの余剰充電</translation>
    </message>
    <message>
        <source>AI Solar Charge Plus</source>
        <translation>AIソーラーチャージプラス</translation>
    </message>
    <message>
        <source>no battery that can charge from surplus</source>
        <translation>余剰充電に対応した蓄電池がありません</translation>
    </message>
    <message>
        <source>the battery mode must be environment or custom</source>
        <translation>蓄電池の運転モードが「環境」でも「カスタム」でもありません</translation>
    </message>
    <message>
        <source>a weather-warning charge is on</source>
        <translation>気象警報連動の充電中です</translation>
    </message>
    <message>
        <source>power is bought in the surplus hours</source>
        <translation>余剰のある時間帯に買電しています</translation>
    </message>
    <message>
        <source>the EV charger&apos;s circuit is not measured</source>
        <translation>EV充電器の回路が計測されていません</translation>
    </message>
    <message>
        <source>the solar power is all sold (full feed-in)</source>
        <translation>太陽光が全量買取です</translation>
    </message>
    <message>
        <source>the panel is not registered</source>
        <translation>サーバーに登録されていません</translation>
    </message>
    <message>
        <source>another system controls the devices</source>
        <translation>他のシステムが同じ機器を制御しています</translation>
    </message>
    <message>
        <source>the EV&apos;s solar charging is on</source>
        <translation>EVのソーラー充電設定がオンです</translation>
    </message>
    <message>
        <source>the plan has no prices for today</source>
        <translation>今日の単価がプランにありません</translation>
    </message>
    <message>
        <source>no selling price is set</source>
        <translation>売電単価が設定されていません</translation>
    </message>
    <message>
        <source>the price is the same at every hour</source>
        <translation>全時間帯で単価が同じです</translation>
    </message>
    <message>
        <source>the selling price is not below the highest buying price</source>
        <translation>売電単価が最も高い買電単価より安くありません</translation>
    </message>
    <message>
        <source>the price rises again at {time} after the day&apos;s peak</source>
        <translation>単価がピークの後、{time}に再び上がります</translation>
    </message>
    <message>
        <source>the price falls at {time} before the day&apos;s peak</source>
        <translation>単価がピークの前、{time}に下がります</translation>
    </message>
</context>
<context>
    <name>SellPriceDialog</name>
    <message>
        <source>Enter yen per kWh between 0 and 100, with at most two decimals (for example 16 or 8.5).</source>
        <translation>0〜100の円/kWhを、小数点以下2桁までで入力してください(例: 16、8.5)。</translation>
    </message>
    <message>
        <source>Selling price</source>
        <translation>売電単価</translation>
    </message>
    <message>
        <source>The price your solar power is bought at, in yen per kWh, as on your feed-in contract. It applies from today.</source>
        <translation>太陽光の電気が買い取られる単価(円/kWh)を、買取契約のとおりに入力してください。今日から適用します。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>yen/kWh</source>
        <translation>円/kWh</translation>
    </message>
</context>
<context>
    <name>SetPasswordDialog</name>
    <message>
        <source>Use at least {count} characters.</source>
        <translation>{count}文字以上で入力してください。</translation>
    </message>
    <message>
        <source>The two entries do not match.</source>
        <translation>2回の入力が一致しません。</translation>
    </message>
    <message>
        <source>Set the access password</source>
        <translation>アクセスパスワードの設定</translation>
    </message>
    <message>
        <source>Welcome. First choose the password that protects the settings and leaving the panel screen. Enter it twice.</source>
        <translation>ようこそ。はじめに、設定の変更とパネル画面の終了に使うアクセスパスワードを決めてください。確認のため2回入力します。</translation>
    </message>
    <message>
        <source>Change the access password</source>
        <translation>アクセスパスワードの変更</translation>
    </message>
    <message>
        <source>Enter the new password twice.</source>
        <translation>新しいパスワードを2回入力してください。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <source>Enter again</source>
        <translation>もう一度入力</translation>
    </message>
    <message>
        <source>{count} or more characters</source>
        <translation>{count}文字以上</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>The password has been changed.</source>
        <translation>パスワードを変更しました。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>表示言語</translation>
    </message>
    <message>
        <source>Access password</source>
        <translation>アクセスパスワード</translation>
    </message>
    <message>
        <source>Protects the settings and leaving the panel screen. Change it from time to time.</source>
        <translation>設定の変更とパネル画面の終了を守るパスワードです。ときどき変更してください。</translation>
    </message>
    <message>
        <source>Change access password</source>
        <translation>パスワードを変更</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>The energy devices found on the home network (ECHONET Lite), whether they answer, and their names.</source>
        <translation>宅内ネットワーク (ECHONET Lite) で見つかったエネルギー機器と、その応答状況・名前です。</translation>
    </message>
    <message>
        <source>Show devices</source>
        <translation>機器の一覧</translation>
    </message>
</context>
<context>
    <name>UsePlanDialog</name>
    <message>
        <source>Use {plan}?</source>
        <translation>{plan}にしますか?</translation>
    </message>
    <message>
        <source>Choose your contract as it is on your bill. Costs are then worked out with this plan.</source>
        <translation>検針票のとおりにご契約を選んでください。以後、このプランで料金を計算します。</translation>
    </message>
    <message>
        <source>Costs are then worked out with this plan.</source>
        <translation>以後、このプランで料金を計算します。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Use this plan</source>
        <translation>このプランにする</translation>
    </message>
</context>
</TS>

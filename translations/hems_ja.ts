<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AiChargePage</name>
    <message>
        <source>Plan for today and tomorrow</source>
        <translation>今日と明日の計画</translation>
    </message>
    <message>
        <source>What the plan does, and why</source>
        <translation>計画の内容と理由</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>設定を変更</translation>
    </message>
    <message>
        <source>Expected cost of the plan&apos;s electricity: {yen} (bought less sold, over {hours} hours).</source>
        <translation>計画どおりの電気代の見込み：{yen}（買電から売電を差し引き、{hours}時間分）</translation>
    </message>
    <message>
        <source>AI Solar Charge</source>
        <translation>AIソーラーチャージ</translation>
    </message>
    <message>
        <source>Preparing the plan…</source>
        <translation>計画を準備しています…</translation>
    </message>
    <message>
        <source>AI control is not available</source>
        <translation>AI制御は利用できません</translation>
    </message>
    <message>
        <source>AI control is running</source>
        <translation>AI制御で運転中</translation>
    </message>
    <message>
        <source>Running in self-consumption mode</source>
        <translation>自家消費モードで運転中</translation>
    </message>
    <message>
        <source>AI Solar Charge is off</source>
        <translation>AIソーラーチャージはオフです</translation>
    </message>
    <message>
        <source>{device} does not answer.</source>
        <translation>{device}が応答しません。</translation>
    </message>
    <message>
        <source>{device} does not report its level.</source>
        <translation>{device}の残量が読み取れません。</translation>
    </message>
    <message>
        <source>{device} does not report its limits.</source>
        <translation>{device}の容量や出力が読み取れません。</translation>
    </message>
    <message>
        <source>{device} did not accept a setting.</source>
        <translation>{device}が設定を受け付けませんでした。</translation>
    </message>
    <message>
        <source>The battery charges only from surplus solar and supplies the house.</source>
        <translation>蓄電池は太陽光の余剰だけで充電し、家の電気をまかないます。</translation>
    </message>
    <message>
        <source>The rate plan has no price for each half hour (a tiered plan, for instance).</source>
        <translation>料金プランに時間帯ごとの単価がないため（段階料金など）。</translation>
    </message>
    <message>
        <source>Not every condition for AI control holds:</source>
        <translation>AI制御の条件を満たしていないため：</translation>
    </message>
    <message>
        <source>There is no forecast of the household&apos;s use yet. AI control resumes when there is one.</source>
        <translation>使用電力量の予測がまだないため。予測ができるとAI制御に戻ります。</translation>
    </message>
    <message>
        <source>There is no solar forecast, or it is too old. AI control resumes when a new forecast arrives.</source>
        <translation>発電量の予測がないか、古くなっているため。新しい予測が届くとAI制御に戻ります。</translation>
    </message>
    <message>
        <source>{problem} The battery runs in self-consumption, and the panel tries again.</source>
        <translation>{problem}蓄電池は自家消費で運転し、あとでもう一度試します。</translation>
    </message>
    <message>
        <source>A device did not accept a setting.</source>
        <translation>機器が設定を受け付けませんでした。</translation>
    </message>
    <message>
        <source>The panel has not yet learned enough of the household&apos;s use: AI control needs at least 5 days of data for the kind of day (weekdays, or Saturdays, Sundays and holidays).</source>
        <translation>使用電力量の学習データが足りないため。AI制御には、その日と同じ種類の日（平日、または土日・祝日）のデータが5日以上必要です。</translation>
    </message>
    <message>
        <source>The plan could not be worked out this time. The panel tries again at the next round.</source>
        <translation>今回は計画を立てられなかったため。次の見直しで、もう一度計画します。</translation>
    </message>
    <message>
        <source>No battery the panel can control was found.</source>
        <translation>制御できる蓄電池が見つからないため。</translation>
    </message>
    <message>
        <source>A 30-minute power-saving target was exceeded: the battery runs in self-consumption for this half hour.</source>
        <translation>30分の節電目標を超えたため、この30分は蓄電池を自家消費で運転します。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{devices} did not accept the plan&apos;s settings: the plan was made again without them.</source>
        <translation>{devices}が計画の設定を受け付けなかったため、除いて計画を立て直しました。</translation>
    </message>
    <message>
        <source>The EcoCute is not in this plan: it heats by its own program.</source>
        <translation>エコキュートは今回の計画に含めず、本体の設定どおりに沸き上げます。</translation>
    </message>
    <message>
        <source>no rate plan is set (Rates)</source>
        <translation>料金プランが設定されていません（料金設定）</translation>
    </message>
    <message>
        <source>no measurement unit measures the distribution board</source>
        <translation>分電盤を計測する計測ユニットがありません</translation>
    </message>
    <message>
        <source>only {days} of the {needed} days of use on {day_type} are learned</source>
        <translation>{day_type}の使用電力量データが {days}日分しかありません（{needed}日分必要）</translation>
    </message>
    <message>
        <source>the 30-minute power-saving target was exceeded</source>
        <translation>30分の節電目標を超えました</translation>
    </message>
    <message>
        <source>the car is being charged by hand</source>
        <translation>EVを手動で充電しています</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>V2H</source>
        <translation>V2H</translation>
    </message>
    <message>
        <source>{devices}: {condition}</source>
        <translation>{devices}：{condition}</translation>
    </message>
    <message>
        <source>The panel is gathering the forecast, the prices and the devices&apos; state.</source>
        <translation>発電量の予測、電気料金、機器の状態を集めています。</translation>
    </message>
    <message>
        <source>The devices run in their own modes. Switch AI Solar Charge on in the settings below.</source>
        <translation>機器はそれぞれの運転モードで動いています。下の設定でAIソーラーチャージをオンにできます。</translation>
    </message>
    <message>
        <source>The battery, the car and the EcoCute follow the plan below (made at {time}).</source>
        <translation>蓄電池・EV・エコキュートを下の計画どおりに動かしています（{time} 作成）。</translation>
    </message>
    <message>
        <source>{what} until {time}</source>
        <translation>{what}（{time}まで）</translation>
    </message>
    <message>
        <source>Now: {doing}</source>
        <translation>いま：{doing}</translation>
    </message>
    <message>
        <source>On</source>
        <translation>オン</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Leaves at {time}, charged to {target}</source>
        <translation>{time} に出発、{target} まで充電</translation>
    </message>
    <message>
        <source>Departure not set, charged to {target}</source>
        <translation>出発時刻は未設定、{target} まで充電</translation>
    </message>
    <message>
        <source>AI Solar Charge Plus</source>
        <translation>AIソーラーチャージプラス</translation>
    </message>
    <message>
        <source>Outage care</source>
        <translation>停電ケア</translation>
    </message>
    <message>
        <source>Keeps {reserve} in the battery</source>
        <translation>蓄電池に {reserve} を残す</translation>
    </message>
    <message>
        <source>EcoCute day-time heating</source>
        <translation>エコキュートの昼間沸き上げ</translation>
    </message>
    <message>
        <source>Car</source>
        <translation>EV</translation>
    </message>
    <message>
        <source>30-minute targets, weekdays</source>
        <translation>節電目標（30分・平日）</translation>
    </message>
    <message>
        <source>30-minute targets, holidays</source>
        <translation>節電目標（30分・休日）</translation>
    </message>
</context>
<context>
    <name>Aiseg2ImportPage</name>
    <message>
        <source>No SD card or USB stick found: insert one and tap again.</source>
        <translation>SDカードもUSBメモリーも見つかりません。差し込んでからもう一度タップしてください。</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>カードを読み込み中…</translation>
    </message>
    <message>
        <source>{files} history files: {half} half-hour, {days} daily and {months} monthly values.</source>
        <translation>履歴ファイル {files} 件: 30分値 {half} 件、日別値 {days} 件、月別値 {months} 件</translation>
    </message>
    <message>
        <source>No AiSEG2 history files in this folder.</source>
        <translation>このフォルダーにはAiSEG2の履歴ファイルがありません。</translation>
    </message>
    <message>
        <source>{circuit}? Tap to confirm</source>
        <translation>{circuit}？ タップして確認</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>取り込まない</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>取り込まない</translation>
    </message>
    <message>
        <source>Circuit {n} {name} is…</source>
        <translation>回路 {n}「{name}」の取り込み先</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>取り込み中…</translation>
    </message>
    <message>
        <source>Importing %v of %m files</source>
        <translation>取り込み中 %v / %m ファイル</translation>
    </message>
    <message>
        <source>Reading %v of %m files</source>
        <translation>読み込み中 %v / %m ファイル</translation>
    </message>
    <message>
        <source>Done. The history graphs show the imported days.</source>
        <translation>完了しました。取り込んだ期間は履歴グラフに表示されます。</translation>
    </message>
    <message>
        <source>The folder cannot be read (was the card removed?).</source>
        <translation>フォルダーを読み込めません（カードが抜かれていませんか？）。</translation>
    </message>
    <message>
        <source>The import stopped: nothing of the file being imported was kept. Try again.</source>
        <translation>取り込みが中断しました。取り込み中だったファイルの分は保存されていません。もう一度お試しください。</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>…ほか {n} 件</translation>
    </message>
    <message>
        <source>{n} lines refused, the rest can be imported.</source>
        <translation>{n} 行は取り込めません。残りは取り込めます。</translation>
    </message>
    <message>
        <source>Take over from an AiSEG2</source>
        <translation>AiSEG2から引き継ぐ</translation>
    </message>
    <message>
        <source>Insert the AiSEG2&apos;s SD card (or a USB stick with its files) and choose its folder. Its 30-minute, daily and monthly history comes into the graphs. Data this panel measured is never overwritten; the same card twice changes nothing.</source>
        <translation>AiSEG2のSDカード（またはそのファイルを入れたUSBメモリー）を差し込み、フォルダーを選んでください。30分・日・月ごとの履歴がグラフに入ります。このパネルが計測したデータは上書きしません。同じカードを2回取り込んでも変わりません。</translation>
    </message>
    <message>
        <source>Choose the card&apos;s folder</source>
        <translation>カードのフォルダーを選ぶ</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>取り込む</translation>
    </message>
    <message>
        <source>Circuits: AiSEG2 → this panel</source>
        <translation>回路: AiSEG2 → このパネル</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Not available in this window.</source>
        <translation>この画面では使えません。</translation>
    </message>
    <message>
        <source>Same name</source>
        <translation>同じ名前</translation>
    </message>
    <message>
        <source>Probable</source>
        <translation>ほぼ一致</translation>
    </message>
    <message>
        <source>Doubtful: please confirm</source>
        <translation>要確認</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>該当なし</translation>
    </message>
    <message>
        <source>hourly data, also in the 30-minute files</source>
        <translation>1時間値（30分値と同じ内容）</translation>
    </message>
    <message>
        <source>yearly data, also in the monthly file</source>
        <translation>年間値（月別値と同じ内容）</translation>
    </message>
    <message>
        <source>costs, priced again with this panel&apos;s rates</source>
        <translation>料金（このパネルの料金設定で計算し直します）</translation>
    </message>
    <message>
        <source>Not imported: {what}</source>
        <translation>取り込みません: {what}</translation>
    </message>
    <message>
        <source>Cannot be read (neither UTF-8 nor Shift_JIS): refused</source>
        <translation>読み込めません（UTF-8でもShift_JISでもありません）: 取り込みません</translation>
    </message>
    <message>
        <source>Not an AiSEG2 history file: refused</source>
        <translation>AiSEG2の履歴ファイルではありません: 取り込みません</translation>
    </message>
    <message>
        <source>Not an AiSEG2 file: ignored</source>
        <translation>AiSEG2のファイルではありません: 無視しました</translation>
    </message>
    <message>
        <source>Unknown column {detail}: ignored</source>
        <translation>不明な列「{detail}」: 無視しました</translation>
    </message>
    <message>
        <source>Column {detail}: not imported</source>
        <translation>列「{detail}」: 取り込みません</translation>
    </message>
    <message>
        <source>The file ends inside this line: line refused</source>
        <translation>この行の途中でファイルが切れています: この行は取り込みません</translation>
    </message>
    <message>
        <source>Wrong number of values ({detail}): line refused</source>
        <translation>値の数が合いません（{detail}）: この行は取り込みません</translation>
    </message>
    <message>
        <source>Time {detail} does not fit this file: line refused</source>
        <translation>時刻 {detail} はこのファイルの期間外です: この行は取り込みません</translation>
    </message>
    <message>
        <source>Value {detail} is not a number: value refused</source>
        <translation>値「{detail}」は数値ではありません: この値は取り込みません</translation>
    </message>
    <message>
        <source>Same time as line {detail}, same values: ignored</source>
        <translation>{detail} 行目と同じ時刻・同じ値: 無視しました</translation>
    </message>
    <message>
        <source>Same time as line {detail}, other values: line refused</source>
        <translation>{detail} 行目と同じ時刻で値が違います: この行は取り込みません</translation>
    </message>
    <message>
        <source>The AiSEG2&apos;s clock changed (UTC{detail})</source>
        <translation>AiSEG2の時計が変わりました（UTC{detail}）</translation>
    </message>
    <message>
        <source>The AiSEG2&apos;s clock went back to {detail}</source>
        <translation>AiSEG2の時計が {detail} に戻りました</translation>
    </message>
    <message>
        <source>Missing: {detail}</source>
        <translation>欠測: {detail}</translation>
    </message>
    <message>
        <source>measured by this panel (kept)</source>
        <translation>このパネルの計測値があります（計測値を残しました）</translation>
    </message>
    <message>
        <source>already imported</source>
        <translation>取り込み済み</translation>
    </message>
    <message>
        <source>already given by the 30-minute data</source>
        <translation>30分値で取り込み済み</translation>
    </message>
    <message>
        <source>at odds with the finer data (finer kept)</source>
        <translation>細かいデータと合いません（細かい方を残しました）</translation>
    </message>
    <message>
        <source>no such data on this panel</source>
        <translation>このパネルにないデータ</translation>
    </message>
    <message>
        <source>not an amount of energy</source>
        <translation>電力量ではありません</translation>
    </message>
    <message>
        <source>This card was already imported: nothing changed.</source>
        <translation>このカードは取り込み済みです。何も変わりませんでした。</translation>
    </message>
    <message>
        <source>{n} half-hour values</source>
        <translation>30分値 {n} 件</translation>
    </message>
    <message>
        <source>{n} daily values</source>
        <translation>日別値 {n} 件</translation>
    </message>
    <message>
        <source>{n} monthly values</source>
        <translation>月別値 {n} 件</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Imported: {what}.</source>
        <translation>取り込み: {what}</translation>
    </message>
    <message>
        <source>History from {first} to {last}.</source>
        <translation>{first}から{last}までの履歴</translation>
    </message>
    <message>
        <source>Skipped {n}: {why}.</source>
        <translation>取り込まなかった値 {n} 件: {why}</translation>
    </message>
    <message>
        <source>Not imported: {n} values of circuits without a match.</source>
        <translation>対応する回路がない値 {n} 件は取り込みませんでした</translation>
    </message>
</context>
<context>
    <name>Aiseg2Login</name>
    <message>
        <source>AiSEG2: its address</source>
        <translation>AiSEG2: アドレス</translation>
    </message>
    <message>
        <source>The AiSEG2&apos;s address on the home network, e.g. 192.168.0.216</source>
        <translation>宅内ネットワークでのAiSEG2のアドレス（例: 192.168.0.216）</translation>
    </message>
    <message>
        <source>Type an address such as 192.168.0.216.</source>
        <translation>192.168.0.216 のようにアドレスを入力してください。</translation>
    </message>
    <message>
        <source>AiSEG2: login name</source>
        <translation>AiSEG2: ユーザー名</translation>
    </message>
    <message>
        <source>The AiSEG2&apos;s login name (usually aiseg)</source>
        <translation>AiSEG2のユーザー名（通常は aiseg）</translation>
    </message>
    <message>
        <source>Type the login name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>AiSEG2: password</source>
        <translation>AiSEG2: パスワード</translation>
    </message>
    <message>
        <source>The password of the AiSEG2&apos;s login</source>
        <translation>AiSEG2のログインパスワード</translation>
    </message>
    <message>
        <source>Type the password.</source>
        <translation>パスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>ApplianceHistoryPage</name>
    <message>
        <source>Appliance history</source>
        <translation>機器履歴</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>書き出しています…</translation>
    </message>
    <message>
        <source>Exporting… {done} of {total} rows</source>
        <translation>書き出しています… {total}件中{done}件</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>この一覧（機器履歴）</translation>
    </message>
    <message>
        <source>Energy data: last 31 days, every 30 minutes</source>
        <translation>電力量データ：過去31日・30分ごと</translation>
    </message>
    <message>
        <source>Energy data: last 12 months, by day</source>
        <translation>電力量データ：過去12か月・日ごと</translation>
    </message>
    <message>
        <source>Export as CSV</source>
        <translation>CSVで書き出す</translation>
    </message>
    <message>
        <source>No USB stick found: insert one and tap CSV again.</source>
        <translation>USBメモリが見つかりません。差し込んでから、もう一度CSVを押してください。</translation>
    </message>
    <message>
        <source>the folder is not there (was the USB stick removed?)</source>
        <translation>保存先がありません（USBメモリが抜かれましたか？）</translation>
    </message>
    <message>
        <source>Saved {rows} rows on the USB stick as {name}</source>
        <translation>USBメモリに{rows}行を保存しました：{name}</translation>
    </message>
    <message>
        <source>Saved {rows} rows as {name}</source>
        <translation>{rows}行を保存しました：{name}</translation>
    </message>
    <message>
        <source>The export failed: {reason}</source>
        <translation>書き出しに失敗しました: {reason}</translation>
    </message>
    <message>
        <source>The history could not be read: {reason}</source>
        <translation>履歴を読み込めませんでした: {reason}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>過去7日</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>過去30日</translation>
    </message>
    <message>
        <source>From – to…</source>
        <translation>期間を指定…</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>履歴を読み込んでいます…</translation>
    </message>
    <message>
        <source>{count} events, newest first. Tap one for details.</source>
        <translation>{count}件(新しい順)。タップすると詳細を表示します。</translation>
    </message>
    <message>
        <source>Nothing recorded for this choice. Devices&apos; operations, energy-saving actions and errors appear here.</source>
        <translation>この条件の記録はありません。機器の操作、省エネ制御、エラーがここに表示されます。</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>CircuitGraphPage</name>
    <message>
        <source>Circuit graph</source>
        <translation>回路のグラフ</translation>
    </message>
    <message>
        <source>Others ({count})</source>
        <translation>その他 ({count})</translation>
    </message>
    <message>
        <source>Largest circuits</source>
        <translation>上位の回路</translation>
    </message>
    <message>
        <source>All circuits: from no. {rank}</source>
        <translation>全回路（{rank}位から）</translation>
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
    <name>CityChooser</name>
    <message>
        <source>Your prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>Loading the municipalities…</source>
        <translation>市区町村の一覧を読み込んでいます…</translation>
    </message>
    <message>
        <source>Sending {city} to the service…</source>
        <translation>{city}をサービスに送信しています…</translation>
    </message>
    <message>
        <source>The municipality was not changed: {reason}</source>
        <translation>市区町村を変更できませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>CloudText</name>
    <message>
        <source>Detached house</source>
        <translation>一戸建て</translation>
    </message>
    <message>
        <source>Apartment</source>
        <translation>集合住宅</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>電気</translation>
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
        <source>Solar power</source>
        <translation>太陽光発電</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>Fuel cell</source>
        <translation>燃料電池</translation>
    </message>
    <message>
        <source>Electric car</source>
        <translation>電気自動車</translation>
    </message>
    <message>
        <source>Heat-pump water heater</source>
        <translation>ヒートポンプ給湯機</translation>
    </message>
    <message>
        <source>The terms have changed on the service. Read and accept the new terms to continue.</source>
        <translation>サービスの規約が変わりました。続けるには新しい規約を読んで同意してください。</translation>
    </message>
    <message>
        <source>This panel is already registered with the service.</source>
        <translation>このパネルはすでにサービスに登録されています。</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait a few minutes and try again.</source>
        <translation>試行が多すぎます。数分待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>Too many wrong codes. Please wait 15 minutes and try again.</source>
        <translation>間違ったコードの入力が多すぎます。15分待ってからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The device code or the confirmation code is not right. Check both and try again.</source>
        <translation>機器コードまたは確認コードが正しくありません。両方を確かめて、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The previous panel has no backup on the service.</source>
        <translation>前のパネルのバックアップがサービスにありません。</translation>
    </message>
    <message>
        <source>That is this panel&apos;s own device code. Enter the code of the previous panel.</source>
        <translation>それはこのパネル自身の機器コードです。前のパネルのコードを入力してください。</translation>
    </message>
    <message>
        <source>The service is short of space. The panel will try again later.</source>
        <translation>サービスの保存領域が足りません。パネルがあとでもう一度試みます。</translation>
    </message>
    <message>
        <source>The service needs the household&apos;s municipality chosen again, from its list.</source>
        <translation>サービスに登録する市区町村を一覧から選び直してください。</translation>
    </message>
    <message>
        <source>The service cannot be reached. Check the panel&apos;s network connection and try again.</source>
        <translation>サービスに接続できません。パネルのネットワーク接続を確かめて、もう一度お試しください。</translation>
    </message>
    <message>
        <source>The service no longer knows this panel. Register it again.</source>
        <translation>サービスにこのパネルの登録がありません。もう一度登録してください。</translation>
    </message>
    <message>
        <source>The service refused the request.</source>
        <translation>サービスが要求を受け付けませんでした。</translation>
    </message>
    <message>
        <source>The service has a problem right now. Please try again later.</source>
        <translation>サービスで問題が起きています。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <source>The answer of the service was damaged. Please try again.</source>
        <translation>サービスからの応答が壊れていました。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The panel could not finish (storage full or data damaged). Please try again.</source>
        <translation>パネルで処理を完了できませんでした(保存領域の不足またはデータの破損)。もう一度お試しください。</translation>
    </message>
</context>
<context>
    <name>CommissioningPage</name>
    <message>
        <source>Not used</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>Channel {n}: what does it feed?</source>
        <translation>チャンネル{n}：何につながっていますか</translation>
    </message>
    <message>
        <source>Every circuit number is taken.</source>
        <translation>回路番号がすべて使われています。</translation>
    </message>
    <message>
        <source>e.g. 洋室4, 物置</source>
        <translation>例：洋室4、物置</translation>
    </message>
    <message>
        <source>Channel {n}: which circuit on the board?</source>
        <translation>チャンネル{n}：分電盤のどの回路ですか</translation>
    </message>
    <message>
        <source>What measures the power bought and sold?</source>
        <translation>買電・売電を何で計測しますか</translation>
    </message>
    <message>
        <source>How is the solar power sold?</source>
        <translation>太陽光の電気の売り方</translation>
    </message>
    <message>
        <source>Surplus only (余剰買取)</source>
        <translation>余剰買取</translation>
    </message>
    <message>
        <source>All of it (全量買取)</source>
        <translation>全量買取</translation>
    </message>
    <message>
        <source>Is the EV charger&apos;s own solar charging on?</source>
        <translation>EV充電器のソーラー充電設定は入ですか</translation>
    </message>
    <message>
        <source>On</source>
        <translation>入</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>切</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Saved. The panel records the assigned channels from now on.</source>
        <translation>保存しました。割り当てたチャンネルをこれから記録します。</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>保存できませんでした：{reason}</translation>
    </message>
    <message>
        <source>Looking for devices…</source>
        <translation>機器を探しています…</translation>
    </message>
    <message>
        <source>Devices found: {found}. No distribution board answers yet: the panel keeps looking.</source>
        <translation>見つかった機器：{found}台。分電盤からの応答はまだありません。探し続けています。</translation>
    </message>
    <message>
        <source>Distribution board: {count} channels, {assigned} set up. Switch something on to see which channel moves; tap a channel to name it.</source>
        <translation>分電盤：{count}チャンネル、設定済み{assigned}。機器の電源を入れると、動いたチャンネルがわかります。チャンネルをタップして名前を付けてください。</translation>
    </message>
    <message>
        <source>Solar: not answered</source>
        <translation>売電方式：未設定</translation>
    </message>
    <message>
        <source>Type a name…</source>
        <translation>名前を入力…</translation>
    </message>
    <message>
        <source>Channel {n}: its name</source>
        <translation>チャンネル{n}の名前</translation>
    </message>
    <message>
        <source>Type a name first.</source>
        <translation>名前を入力してください。</translation>
    </message>
    <message>
        <source>Solar: the power conditioner&apos;s rating</source>
        <translation>太陽光：パワコンの定格出力</translation>
    </message>
    <message>
        <source>The rated output on the power conditioner&apos;s nameplate, in kW (e.g. 5.5). The solar forecast is made for it.</source>
        <translation>パワーコンディショナーの銘板にある定格出力をkWで入力してください（例：5.5）。発電予測に使います。</translation>
    </message>
    <message>
        <source>Don&apos;t know (learn it from the generation)</source>
        <translation>わからない（発電実績から推定）</translation>
    </message>
    <message>
        <source>Don&apos;t know ({tilt})</source>
        <translation>わからない（{tilt}）</translation>
    </message>
    <message>
        <source>How steep are the solar panels?</source>
        <translation>太陽光パネルの傾斜角は？</translation>
    </message>
    <message>
        <source>A flat roof is 0°; most pitched roofs are 20–30°.</source>
        <translation>陸屋根は0°、一般的な勾配屋根は20〜30°です。</translation>
    </message>
    <message>
        <source>Which way do the solar panels face?</source>
        <translation>太陽光パネルの向きは？</translation>
    </message>
    <message>
        <source>Solar: all sold</source>
        <translation>売電方式：全量買取</translation>
    </message>
    <message>
        <source>Solar: surplus sold</source>
        <translation>売電方式：余剰買取</translation>
    </message>
    <message>
        <source>EV solar charging: not answered</source>
        <translation>EVソーラー充電：未設定</translation>
    </message>
    <message>
        <source>EV solar charging: on</source>
        <translation>EVソーラー充電：入</translation>
    </message>
    <message>
        <source>EV solar charging: off</source>
        <translation>EVソーラー充電：切</translation>
    </message>
    <message>
        <source>Solar rating: not answered</source>
        <translation>太陽光容量：未設定</translation>
    </message>
    <message>
        <source>Solar rating: {kw}</source>
        <translation>太陽光容量：{kw}</translation>
    </message>
    <message>
        <source>Panel tilt: {tilt}</source>
        <translation>パネル傾斜：{tilt}</translation>
    </message>
    <message>
        <source>Panels face: {facing}</source>
        <translation>パネルの向き：{facing}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Device names</source>
        <translation>機器の名前</translation>
    </message>
    <message>
        <source>The distribution board answers but reports no measured channel.</source>
        <translation>分電盤は応答していますが、計測チャンネルがありません。</translation>
    </message>
    <message>
        <source>The distribution board stopped answering: no live values. Your settings are kept.</source>
        <translation>分電盤が応答していません。現在の値は表示できません。設定内容は保持されます。</translation>
    </message>
    <message>
        <source>Channels not read this time: {channels}.</source>
        <translation>今回読めなかったチャンネル：{channels}。</translation>
    </message>
    <message>
        <source>{count} distribution boards answer; only the first can be set up here.</source>
        <translation>{count}台の分電盤が応答しています。ここでは最初の分電盤だけを設定できます。</translation>
    </message>
    <message>
        <source>Ch {n}</source>
        <translation>CH{n}</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>逆向き</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正方向</translation>
    </message>
    <message>
        <source>Ext {n}</source>
        <translation>特{n}</translation>
    </message>
    <message>
        <source>Branch {n}</source>
        <translation>分{n}</translation>
    </message>
    <message>
        <source>Solar: {kw} · {tilt} · {facing}</source>
        <translation>太陽光：{kw}・{tilt}・{facing}</translation>
    </message>
    <message>
        <source>rating not answered</source>
        <translation>容量未設定</translation>
    </message>
    <message>
        <source>North</source>
        <translation>北</translation>
    </message>
    <message>
        <source>North-northeast</source>
        <translation>北北東</translation>
    </message>
    <message>
        <source>Northeast</source>
        <translation>北東</translation>
    </message>
    <message>
        <source>East-northeast</source>
        <translation>東北東</translation>
    </message>
    <message>
        <source>East</source>
        <translation>東</translation>
    </message>
    <message>
        <source>East-southeast</source>
        <translation>東南東</translation>
    </message>
    <message>
        <source>Southeast</source>
        <translation>南東</translation>
    </message>
    <message>
        <source>South-southeast</source>
        <translation>南南東</translation>
    </message>
    <message>
        <source>South</source>
        <translation>南</translation>
    </message>
    <message>
        <source>South-southwest</source>
        <translation>南南西</translation>
    </message>
    <message>
        <source>Southwest</source>
        <translation>南西</translation>
    </message>
    <message>
        <source>West-southwest</source>
        <translation>西南西</translation>
    </message>
    <message>
        <source>West</source>
        <translation>西</translation>
    </message>
    <message>
        <source>West-northwest</source>
        <translation>西北西</translation>
    </message>
    <message>
        <source>Northwest</source>
        <translation>北西</translation>
    </message>
    <message>
        <source>North-northwest</source>
        <translation>北北西</translation>
    </message>
    <message>
        <source>Grid: smart meter</source>
        <translation>買電・売電：スマートメーター</translation>
    </message>
    <message>
        <source>Grid: the board&apos;s main line</source>
        <translation>買電・売電：分電盤の主幹</translation>
    </message>
    <message>
        <source>Two circuits are on one channel ({where}).</source>
        <translation>1つのチャンネルに2つの回路があります（{where}）。</translation>
    </message>
    <message>
        <source>{where} is on a channel the board does not have.</source>
        <translation>{where}のチャンネルは分電盤にありません。</translation>
    </message>
    <message>
        <source>{where} is used twice.</source>
        <translation>{where}が2回使われています。</translation>
    </message>
    <message>
        <source>{where} has no name.</source>
        <translation>{where}に名前がありません。</translation>
    </message>
    <message>
        <source>A main line is on a channel.</source>
        <translation>主幹がチャンネルに割り当てられています。</translation>
    </message>
    <message>
        <source>Circuits and home setup</source>
        <translation>設置設定（回路）</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>ControlSettingsDialog</name>
    <message>
        <source>Outage care</source>
        <translation>停電ケア</translation>
    </message>
    <message>
        <source>The battery is never discharged below this level, so that it can supply the house in an outage.</source>
        <translation>停電のときに家の電気をまかなえるよう、蓄電池はこの残量より下まで放電しません。</translation>
    </message>
    <message>
        <source>Car charged to</source>
        <translation>EVの充電目標</translation>
    </message>
    <message>
        <source>The level the car should have when it leaves.</source>
        <translation>出発するときのEVの充電量です。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>オン</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>AI Solar Charge Plus</source>
        <translation>AIソーラーチャージプラス</translation>
    </message>
    <message>
        <source>Outage care: keep in the battery</source>
        <translation>停電ケア（蓄電池に残す量）</translation>
    </message>
    <message>
        <source>EcoCute heats in the day&apos;s surplus</source>
        <translation>エコキュートを昼間の余剰で沸き上げ</translation>
    </message>
    <message>
        <source>Car leaves at</source>
        <translation>EVの出発時刻</translation>
    </message>
    <message>
        <source>−30 min</source>
        <translation>−30分</translation>
    </message>
    <message>
        <source>+30 min</source>
        <translation>+30分</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>30-minute targets, weekdays</source>
        <translation>節電目標（30分・平日）</translation>
    </message>
    <message>
        <source>30-minute targets, holidays</source>
        <translation>節電目標（30分・休日）</translation>
    </message>
    <message>
        <source>AI Solar Charge settings</source>
        <translation>AIソーラーチャージの設定</translation>
    </message>
    <message>
        <source>Changes apply when saved: the plan is made again.</source>
        <translation>保存すると反映され、計画を立て直します。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
</context>
<context>
    <name>DateRangeDialog</name>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Step the first and the last day: ‹ › by a day, « » by a month.</source>
        <translation>最初と最後の日を選びます: ‹ › で1日、« » で1か月ずつ。</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
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
    <name>DecisionList</name>
    <message>
        <source>{span}  {what}  {energy}</source>
        <translation>{span}  {what}  {energy}</translation>
    </message>
    <message>
        <source>Nothing more is planned: the devices run as they are.</source>
        <translation>この先の計画はありません。機器は今の運転を続けます。</translation>
    </message>
</context>
<context>
    <name>DecisionText</name>
    <message>
        <source>today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>明日</translation>
    </message>
    <message>
        <source>the day after tomorrow</source>
        <translation>明後日</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明日</translation>
    </message>
    <message>
        <source>Day after tomorrow</source>
        <translation>明後日</translation>
    </message>
    <message>
        <source>{day} {span}</source>
        <translation>{day} {span}</translation>
    </message>
    <message>
        <source>Battery charges from the grid</source>
        <translation>蓄電池に充電（買電）</translation>
    </message>
    <message>
        <source>Battery charges from surplus solar</source>
        <translation>蓄電池に充電（太陽光の余剰）</translation>
    </message>
    <message>
        <source>Battery supplies the house</source>
        <translation>蓄電池から放電</translation>
    </message>
    <message>
        <source>Car charges</source>
        <translation>EVに充電</translation>
    </message>
    <message>
        <source>Car supplies the house (V2H)</source>
        <translation>EVから放電（V2H）</translation>
    </message>
    <message>
        <source>EcoCute heats at night</source>
        <translation>エコキュート 夜間沸き上げ</translation>
    </message>
    <message>
        <source>EcoCute heats with surplus solar</source>
        <translation>エコキュート 余剰で沸き上げ</translation>
    </message>
    <message>
        <source>Above the 30-minute target</source>
        <translation>節電目標を超える見込み</translation>
    </message>
    <message>
        <source>the day</source>
        <translation>日中</translation>
    </message>
    <message>
        <source>Stores energy bought at {price} yen/kWh for after the plan&apos;s end.</source>
        <translation>{price}円 で買った電気を、計画の先で使うために貯めます。</translation>
    </message>
    <message>
        <source>later</source>
        <translation>あとで</translation>
    </message>
    <message>
        <source>Charging at {price} yen/kWh costs less than buying at {later} yen/kWh when the energy is used ({used}), and {day}&apos;s surplus covers only {surplus} of the {needed} needed.</source>
        <translation>{price}円 で充電する方が、使う時間（{used}）に {later}円 で買うより安く、使う {needed} のうち{day}の余剰でまかなえるのは {surplus} だけのため。</translation>
    </message>
    <message>
        <source>Charging at {price} yen/kWh costs less than buying at {later} yen/kWh when the energy is used ({used}), and no surplus is expected to cover the {needed} needed.</source>
        <translation>{price}円 で充電する方が、使う時間（{used}）に {later}円 で買うより安く、使う {needed} を余剰でまかなえる見込みがないため。</translation>
    </message>
    <message>
        <source>Stores the surplus ({surplus}) for use at {used}.</source>
        <translation>余剰（{surplus}）を貯めて、{used} に使います。</translation>
    </message>
    <message>
        <source>Stores the surplus ({surplus}) for later.</source>
        <translation>余剰（{surplus}）を貯めて、あとで使います。</translation>
    </message>
    <message>
        <source>Surplus that cannot be sold is stored and replaces buying at {later} yen/kWh ({used}).</source>
        <translation>売電できない余剰を貯めて、{used} に {later}円 で買う電気の代わりに使います。</translation>
    </message>
    <message>
        <source>Surplus that would sell for {sell} yen/kWh is stored and replaces buying at {later} yen/kWh ({used}).</source>
        <translation>売れば {sell}円 の余剰を貯めて、{used} に {later}円 で買う電気の代わりに使う方が得なため。</translation>
    </message>
    <message>
        <source>{text} {sold} is still sold.</source>
        <translation>{text}{sold} は売電します。</translation>
    </message>
    <message>
        <source>Uses the energy already stored instead of buying at {price} yen/kWh</source>
        <translation>{price}円 で買う代わりに、貯めてある電気を使います</translation>
    </message>
    <message>
        <source>Uses energy stored at {stored} yen/kWh instead of buying at {price} yen/kWh</source>
        <translation>{price}円 で買う代わりに、{stored}円 相当で貯めた電気を使います</translation>
    </message>
    <message>
        <source>down to the outage-care reserve of {reserve}</source>
        <translation>停電ケアの {reserve} まで</translation>
    </message>
    <message>
        <source>down to {level}</source>
        <translation>{level} まで</translation>
    </message>
    <message>
        <source>{text} ({limit}).</source>
        <translation>{text}（{limit}）。</translation>
    </message>
    <message>
        <source>with surplus solar ({surplus})</source>
        <translation>太陽光の余剰（{surplus}）で</translation>
    </message>
    <message>
        <source>in the cheapest hours ({price} yen/kWh)</source>
        <translation>いちばん安い時間帯（{price}円）に</translation>
    </message>
    <message>
        <source>at {price} yen/kWh (the cheapest while the car is here: {cheapest} yen/kWh)</source>
        <translation>{price}円 の時間帯に（つないでいる間の最安は {cheapest}円）</translation>
    </message>
    <message>
        <source>Charges the car {how}.</source>
        <translation>{how}EVに充電します。</translation>
    </message>
    <message>
        <source>To reach {target} by the departure at {departure}, it charges {how}.</source>
        <translation>出発（{departure}）までに {target} にするため、{how}充電します。</translation>
    </message>
    <message>
        <source>{text} {surplus} of it from surplus solar.</source>
        <translation>{text}うち {surplus} は太陽光の余剰です。</translation>
    </message>
    <message>
        <source>{text} It reaches only {level}.</source>
        <translation>{text}出発までに {level} までしか届きません。</translation>
    </message>
    <message>
        <source>Uses the car&apos;s energy instead of buying at {price} yen/kWh (down to {level}; the car keeps at least {floor}).</source>
        <translation>{price}円 で買う代わりに、EVの電気を使います（{level} まで。下限は {floor}）。</translation>
    </message>
    <message>
        <source>Heating with the day&apos;s surplus costs {day_cost} yen/kWh (the sale it gives up) instead of {night} yen/kWh at night.</source>
        <translation>余剰で沸き上げると 1kWh あたり {day_cost}円（売電をやめる分）で、夜間の {night}円 より安いため。</translation>
    </message>
    <message>
        <source>Heats with the day&apos;s surplus, at {day_cost} yen/kWh (the sale it gives up).</source>
        <translation>昼間の余剰で沸き上げます（1kWh あたり {day_cost}円、売電をやめる分）。</translation>
    </message>
    <message>
        <source>{text} {grid} of it is bought.</source>
        <translation>{text}うち {grid} は買電です。</translation>
    </message>
    <message>
        <source>Day-time heating is off, so it heats at night ({night} yen/kWh).</source>
        <translation>昼間の沸き上げがオフのため、夜間（{night}円）に沸き上げます。</translation>
    </message>
    <message>
        <source>Heats at night ({night} yen/kWh), as usual.</source>
        <translation>いつもどおり夜間（{night}円）に沸き上げます。</translation>
    </message>
    <message>
        <source>The night price, {night} yen/kWh, is below the {day_cost} yen/kWh a kWh of the day&apos;s surplus is worth.</source>
        <translation>夜間の単価 {night}円 が、昼間の余剰の価値（1kWh あたり {day_cost}円）より安いため。</translation>
    </message>
    <message>
        <source>{day}&apos;s surplus (expected {surplus}) is not enough for all of it, so the rest heats at night at {night} yen/kWh.</source>
        <translation>{day}の余剰（見込み {surplus}）では足りない分を、夜間（{night}円）に沸き上げます。</translation>
    </message>
    <message>
        <source>Up to {buy} is bought in a half hour, above the target of {target} ({excess} over in all).</source>
        <translation>30分の買電が最大 {buy} になり、目標の {target} を超える見込みです（超過は合計 {excess}）。</translation>
    </message>
    <message>
        <source>{span} {what}: {why}</source>
        <translation>{span} {what}：{why}</translation>
    </message>
    <message>
        <source>The car cannot reach its target by {when}: {wh} short.</source>
        <translation>{when} までにEVが目標に届きません（{wh} 不足）。</translation>
    </message>
    <message>
        <source>The EcoCute cannot finish heating by {when}: {wh} short.</source>
        <translation>{when} までにエコキュートの沸き上げが終わりません（{wh} 不足）。</translation>
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
        <source>Gas water heater</source>
        <translation>ガス給湯機</translation>
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
    <name>DeviceManualPage</name>
    <message>
        <source>There is no manual for this kind of device yet. See the manual that came with the device.</source>
        <translation>この種類の機器の説明はまだありません。機器に付属の取扱説明書をご覧ください。</translation>
    </message>
    <message>
        <source>From the server</source>
        <translation>サーバーから取得</translation>
    </message>
    <message>
        <source>Included with the panel</source>
        <translation>パネルに同梱</translation>
    </message>
    <message>
        <source>Manual version {version} · {source}</source>
        <translation>説明の版 {version} · {source}</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>取扱説明</translation>
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
        <source>Dining room</source>
        <translation>ダイニング</translation>
    </message>
    <message>
        <source>Children&apos;s room</source>
        <translation>子供部屋</translation>
    </message>
    <message>
        <source>Japanese-style room</source>
        <translation>和室</translation>
    </message>
    <message>
        <source>Bathroom</source>
        <translation>浴室</translation>
    </message>
    <message>
        <source>Entrance</source>
        <translation>玄関</translation>
    </message>
    <message>
        <source>Ground floor</source>
        <translation>1階</translation>
    </message>
    <message>
        <source>Upstairs</source>
        <translation>2階</translation>
    </message>
    <message>
        <source>Parking space</source>
        <translation>駐車場</translation>
    </message>
    <message>
        <source>Air conditioner</source>
        <translation>エアコン</translation>
    </message>
    <message>
        <source>EcoCute</source>
        <translation>エコキュート</translation>
    </message>
    <message>
        <source>Storage battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>Solar power</source>
        <translation>太陽光発電</translation>
    </message>
    <message>
        <source>Distribution board</source>
        <translation>分電盤</translation>
    </message>
    <message>
        <source>Smart meter</source>
        <translation>スマートメーター</translation>
    </message>
    <message>
        <source>EV charger</source>
        <translation>EV充電器</translation>
    </message>
    <message>
        <source>ENE-FARM</source>
        <translation>エネファーム</translation>
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
        <source>Lighting</source>
        <translation>照明</translation>
    </message>
    <message>
        <source>Water heater</source>
        <translation>給湯器</translation>
    </message>
    <message>
        <source>Floor heating</source>
        <translation>床暖房</translation>
    </message>
    <message>
        <source>Refrigerator</source>
        <translation>冷蔵庫</translation>
    </message>
    <message>
        <source>Washing machine</source>
        <translation>洗濯機</translation>
    </message>
    <message>
        <source>Television</source>
        <translation>テレビ</translation>
    </message>
    <message>
        <source>{place} </source>
        <comment>a device&apos;s name that starts with its place</comment>
        <translation>{place}の</translation>
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
    <message>
        <source>Choices</source>
        <translation>候補</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>キーボード</translation>
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
        <source>Manual</source>
        <translation>取扱説明</translation>
    </message>
    <message>
        <source>The name could not be saved. Please try again.</source>
        <translation>名前を保存できませんでした。もう一度お試しください。</translation>
    </message>
    <message>
        <source>The AiSEG2 login was saved. The panel uses it within half a minute.</source>
        <translation>AiSEG2のログイン情報を保存しました。30秒以内に反映されます。</translation>
    </message>
    <message>
        <source>The AiSEG2 login could not be saved. Please try again.</source>
        <translation>AiSEG2のログイン情報を保存できませんでした。もう一度お試しください。</translation>
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
    <name>EventDetailDialog</name>
    <message>
        <source>Device</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>エラーコード</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>対処</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>発生</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>復帰</translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation>まだ分かりません</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>実施した制御</translation>
    </message>
    <message>
        <source>Estimated saving</source>
        <translation>推定削減量</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変更</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>EventText</name>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Energy saving</source>
        <translation>省エネ</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>By hand on this panel</source>
        <translation>このパネルで手動操作</translation>
    </message>
    <message>
        <source>Remotely (smartphone or smart speaker)</source>
        <translation>遠隔操作(スマートフォン・スマートスピーカー)</translation>
    </message>
    <message>
        <source>By a schedule</source>
        <translation>スケジュール</translation>
    </message>
    <message>
        <source>By the energy-saving control</source>
        <translation>省エネ制御</translation>
    </message>
    <message>
        <source>By the weather-warning linkage</source>
        <translation>気象警報連動</translation>
    </message>
    <message>
        <source>By AI Solar Charge (the charge plan)</source>
        <translation>AIソーラーチャージ（充電計画）</translation>
    </message>
    <message>
        <source>By surplus-solar charging</source>
        <translation>余剰電力充電</translation>
    </message>
    <message>
        <source>By outage care (the battery&apos;s reserve)</source>
        <translation>停電ケア（蓄電池の残量確保）</translation>
    </message>
    <message>
        <source>By the 30-minute power-saving target</source>
        <translation>30分節電目標</translation>
    </message>
    <message>
        <source>By the device itself (or its own remote)</source>
        <translation>機器本体(または機器のリモコン)</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>電源</translation>
    </message>
    <message>
        <source>Fault status</source>
        <translation>異常状態</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>エラーコード</translation>
    </message>
    <message>
        <source>Operation mode</source>
        <translation>運転モード</translation>
    </message>
    <message>
        <source>Set temperature</source>
        <translation>設定温度</translation>
    </message>
    <message>
        <source>Water heating</source>
        <translation>沸き上げ</translation>
    </message>
    <message>
        <source>Charging method</source>
        <translation>充電方式</translation>
    </message>
    <message>
        <source>Discharging method</source>
        <translation>放電方式</translation>
    </message>
    <message>
        <source>Charge power</source>
        <translation>充電電力</translation>
    </message>
    <message>
        <source>Discharge power</source>
        <translation>放電電力</translation>
    </message>
    <message>
        <source>Discharge floor</source>
        <translation>放電下限</translation>
    </message>
    <message>
        <source>Property 0x{epc}</source>
        <translation>プロパティ 0x{epc}</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(不明)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>入</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>切</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>異常あり</translation>
    </message>
    <message>
        <source>No fault</source>
        <translation>異常なし</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>充電</translation>
    </message>
    <message>
        <source>Rapid charging</source>
        <translation>急速充電</translation>
    </message>
    <message>
        <source>Discharging</source>
        <translation>放電</translation>
    </message>
    <message>
        <source>Standby</source>
        <translation>待機</translation>
    </message>
    <message>
        <source>From surplus solar</source>
        <translation>太陽光の余剰で</translation>
    </message>
    <message>
        <source>Following the house&apos;s use</source>
        <translation>家の使用量に合わせて</translation>
    </message>
    <message>
        <source>At a set power</source>
        <translation>指定した電力で</translation>
    </message>
    <message>
        <source>Heat now</source>
        <translation>沸き上げ開始</translation>
    </message>
    <message>
        <source>Do not heat</source>
        <translation>沸き上げ停止</translation>
    </message>
    <message>
        <source>not recovered</source>
        <translation>未復帰</translation>
    </message>
    <message>
        <source>Charged the battery from surplus solar</source>
        <translation>太陽光の余剰で蓄電池を充電しました</translation>
    </message>
    <message>
        <source>Ran the house from the battery at peak price</source>
        <translation>単価の高い時間帯に蓄電池から給電しました</translation>
    </message>
    <message>
        <source>Charged the car at the cheap rate</source>
        <translation>単価の安い時間帯にEVを充電しました</translation>
    </message>
    <message>
        <source>Moved water heating to surplus solar</source>
        <translation>お湯の沸き上げを太陽光の余剰の時間に移しました</translation>
    </message>
    <message>
        <source>Eased the air conditioner&apos;s set temperature</source>
        <translation>エアコンの設定温度を控えめにしました</translation>
    </message>
    <message>
        <source>Error {code}: {meaning}</source>
        <translation>エラー {code}: {meaning}</translation>
    </message>
</context>
<context>
    <name>FaultText</name>
    <message>
        <source>Turn the device off and on again</source>
        <translation>機器の電源を入れ直してください</translation>
    </message>
    <message>
        <source>Press the device&apos;s reset button</source>
        <translation>機器のリセットボタンを押してください</translation>
    </message>
    <message>
        <source>A part has come loose: fit it again</source>
        <translation>部品が外れています。取り付け直してください</translation>
    </message>
    <message>
        <source>Refill the device (water, fuel…)</source>
        <translation>水や燃料などを補給してください</translation>
    </message>
    <message>
        <source>Clean the device (a filter…)</source>
        <translation>フィルターなどを掃除してください</translation>
    </message>
    <message>
        <source>Replace the device&apos;s battery</source>
        <translation>機器の電池を交換してください</translation>
    </message>
    <message>
        <source>A fault you can clear yourself (see the manual)</source>
        <translation>ご自身で解除できる異常です(取扱説明書をご覧ください)</translation>
    </message>
    <message>
        <source>A safety device has tripped</source>
        <translation>安全装置が作動しました</translation>
    </message>
    <message>
        <source>Switch fault</source>
        <translation>スイッチの異常</translation>
    </message>
    <message>
        <source>Sensor fault</source>
        <translation>センサーの異常</translation>
    </message>
    <message>
        <source>Component fault (motor, valve…)</source>
        <translation>部品の異常(モーター・弁など)</translation>
    </message>
    <message>
        <source>Control board fault</source>
        <translation>制御基板の異常</translation>
    </message>
    <message>
        <source>Unknown standard code</source>
        <translation>不明な標準コード</translation>
    </message>
    <message>
        <source>Unknown code</source>
        <translation>不明なコード</translation>
    </message>
    <message>
        <source>The device gives no error code</source>
        <translation>機器がエラーコードを出していません</translation>
    </message>
    <message>
        <source>No fault</source>
        <translation>異常なし</translation>
    </message>
    <message>
        <source>You can clear it yourself</source>
        <translation>ご自身で解除できます</translation>
    </message>
    <message>
        <source>Needs repair: call the installer</source>
        <translation>修理が必要です。施工店にご連絡ください</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
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
    <name>ForecastAccuracyTable</name>
    <message>
        <source>No day to judge yet: a forecast is compared with what happened the day after.</source>
        <translation>まだ評価できる日がありません。予測は翌日に実績と比べます。</translation>
    </message>
    <message>
        <source>Error: the mean difference per 30 minutes. Bias: + the forecast was too high, - too low.</source>
        <translation>誤差: 30分ごとの予測と実績の差の平均。偏り: + は予測が多め、- は少なめ。</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>発電</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>消費</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Forecast / actual</source>
        <translation>予測 / 実績</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>誤差</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏り</translation>
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
        <source>Choose a rate plan to see the CO2 emissions</source>
        <translation>料金プランを選ぶとCO2排出量を表示します</translation>
    </message>
    <message>
        <source>Choose a rate plan to see the costs</source>
        <translation>料金プランを選ぶと料金を表示します</translation>
    </message>
    <message>
        <source>Choose a rate plan</source>
        <translation>料金プランを選ぶ</translation>
    </message>
    <message>
        <source>Your rate plan has no selling price: set one to see what the sold energy earned</source>
        <translation>料金プランに売電価格がありません。設定すると売電収入を表示します</translation>
    </message>
    <message>
        <source>Rate plans</source>
        <translation>料金設定</translation>
    </message>
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
        <source>Total {value}</source>
        <translation>合計 {value}</translation>
    </message>
</context>
<context>
    <name>HomeForecast</name>
    <message>
        <source>Weather forecast: {days}</source>
        <translation>天気予報: {days}</translation>
    </message>
    <message>
        <source>{high}/{low}</source>
        <translation>{high}/{low}</translation>
    </message>
    <message>
        <source>Solar, rest of today</source>
        <translation>これからの発電</translation>
    </message>
    <message>
        <source>Solar today</source>
        <translation>今日の発電</translation>
    </message>
    <message>
        <source>Solar tomorrow</source>
        <translation>明日の発電</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Home</source>
        <translation>ホーム</translation>
    </message>
    <message>
        <source>No rate plan set</source>
        <translation>料金プラン未設定</translation>
    </message>
    <message>
        <source>Today {today}</source>
        <translation>今日 {today}</translation>
    </message>
    <message>
        <source>Forecast this month {forecast}</source>
        <translation>今月の予測 {forecast}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動しています…</translation>
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
    <name>HourlyForecastChart</name>
    <message>
        <source>Solar</source>
        <translation>発電予測</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>消費予測</translation>
    </message>
    <message>
        <source>(per 30 minutes)</source>
        <translation>(30分ごと)</translation>
    </message>
</context>
<context>
    <name>HouseholdStep</name>
    <message>
        <source>Prefecture</source>
        <translation>都道府県</translation>
    </message>
    <message>
        <source>Municipality in {prefecture}</source>
        <translation>{prefecture}の市区町村</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>回答しない</translation>
    </message>
    <message>
        <source>People in the household</source>
        <translation>世帯人数</translation>
    </message>
    <message>
        <source>Postal code (optional)</source>
        <translation>郵便番号(任意)</translation>
    </message>
    <message>
        <source>Seven digits. Leave it empty not to give it.</source>
        <translation>7桁の数字です。入力しない場合は空欄のままにしてください。</translation>
    </message>
    <message>
        <source>A postal code has seven digits, like 1540001.</source>
        <translation>郵便番号は7桁です(例: 1540001)。</translation>
    </message>
    <message>
        <source>About the household</source>
        <translation>世帯について</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>(任意)</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建物</translation>
    </message>
    <message>
        <source>Energies used</source>
        <translation>使っているエネルギー</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選ぶ…</translation>
    </message>
</context>
<context>
    <name>KanaKeyboard</name>
    <message>
        <source>Delete</source>
        <translation>1文字削除</translation>
    </message>
    <message>
        <source>Capitals</source>
        <translation>大文字</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空白</translation>
    </message>
    <message>
        <source>Katakana</source>
        <translation>カタカナ</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>英数字</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>かな</translation>
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
    <name>LinkageCard</name>
    <message>
        <source>the battery</source>
        <translation>蓄電池</translation>
    </message>
    <message>
        <source>the car (V2H)</source>
        <translation>電気自動車（V2H）</translation>
    </message>
    <message>
        <source>the battery and the car (V2H)</source>
        <translation>蓄電池と電気自動車（V2H）</translation>
    </message>
    <message>
        <source>In force since {since}: charging {what} until the warning is lifted.</source>
        <translation>{since}から実施中：警報が解除されるまで{what}を充電します。</translation>
    </message>
    <message>
        <source>The warning is over: returning {what} to its own mode.</source>
        <translation>警報が解除されました：{what}を元の運転モードに戻しています。</translation>
    </message>
    <message>
        <source>No battery or V2H found that the panel can charge.</source>
        <translation>充電を指示できる蓄電池・V2Hが見つかりません。</translation>
    </message>
    <message>
        <source>No warning now. It charges {what} when one is issued.</source>
        <translation>現在、警報はありません。警報が発表されると{what}を充電します。</translation>
    </message>
    <message>
        <source>{device} did not answer.</source>
        <translation>{device}から応答がありません。</translation>
    </message>
    <message>
        <source>{device} refused the change.</source>
        <translation>{device}が運転モードの変更を受け付けませんでした。</translation>
    </message>
    <message>
        <source>Weather-warning linkage</source>
        <translation>気象警報連動</translation>
    </message>
    <message>
        <source>When a weather warning (not an advisory) is issued for your area, the battery is charged full, and a V2H car up to its set level, until the warning is lifted; then they return to the mode they had. Meanwhile solar surplus charging and AI control pause.</source>
        <translation>お住まいの地域に気象警報（注意報を除く）が発表されると、警報が解除されるまで蓄電池を満充電に、V2Hの電気自動車を設定した充電量まで充電し、解除後は元の運転モードに戻します。その間、余剰電力充電とAI制御は停止します。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>する</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>しない</translation>
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
    <name>MirrorCard</name>
    <message>
        <source>Connecting…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>Slow</source>
        <translation>応答が遅い</translation>
    </message>
    <message>
        <source>Error pages</source>
        <translation>エラー応答</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>パスワードエラー</translation>
    </message>
    <message>
        <source>Not answering</source>
        <translation>応答なし</translation>
    </message>
    <message>
        <source>No reading yet</source>
        <translation>まだ取得していません</translation>
    </message>
    <message>
        <source>Last reading {time}</source>
        <translation>最終取得 {time}</translation>
    </message>
    <message>
        <source>asked less often</source>
        <translation>間隔をあけて取得中</translation>
    </message>
    <message>
        <source>not asked again until the password is changed</source>
        <translation>パスワードを変更するまで接続しません</translation>
    </message>
    <message>
        <source>asked again at {time}</source>
        <translation>{time}に再接続</translation>
    </message>
    <message>
        <source>AiSEG2 ({host})</source>
        <translation>AiSEG2（{host}）</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <source>! Important</source>
        <translation>! 重要</translation>
    </message>
    <message>
        <source>Tap to read</source>
        <translation>タップして読む</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>NoticeDetailDialog</name>
    <message>
        <source>From</source>
        <translation>発信元</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>回数</translation>
    </message>
    <message>
        <source>{count} times, first {first}</source>
        <translation>{count}回(最初は{first})</translation>
    </message>
    <message>
        <source>Shown until</source>
        <translation>掲載期限</translation>
    </message>
    <message>
        <source>No end date</source>
        <translation>期限なし</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
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
    <name>NoticeText</name>
    <message>
        <source>A device</source>
        <translation>機器</translation>
    </message>
    <message>
        <source>weekdays</source>
        <translation>平日</translation>
    </message>
    <message>
        <source>weekends and holidays</source>
        <translation>土日祝日</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>ホーム</translation>
    </message>
    <message>
        <source>Weather</source>
        <translation>気象</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>Error: {device}</source>
        <translation>エラー: {device}</translation>
    </message>
    <message>
        <source>Recovered: {device}</source>
        <translation>復帰: {device}</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>バックアップに失敗しました</translation>
    </message>
    <message>
        <source>Power-saving target exceeded</source>
        <translation>節電目標を超えました</translation>
    </message>
    <message>
        <source>Not enough data to learn from yet</source>
        <translation>学習データがまだ足りません</translation>
    </message>
    <message>
        <source>Time to change the access password</source>
        <translation>アクセスパスワードを変更してください</translation>
    </message>
    <message>
        <source>{warning} — {area}</source>
        <translation>{area}に{warning}</translation>
    </message>
    <message>
        <source>{warning} lifted — {area}</source>
        <translation>{area}の{warning}解除</translation>
    </message>
    <message>
        <source>AI Solar Charge could not control {device}</source>
        <translation>AIソーラーチャージで{device}を制御できません</translation>
    </message>
    <message>
        <source>AI Solar Charge made no plan</source>
        <translation>AIソーラーチャージの計画を作成できません</translation>
    </message>
    <message>
        <source>Software update {version} available</source>
        <translation>ソフトウェア更新 {version} があります</translation>
    </message>
    <message>
        <source>Software updated to {version}</source>
        <translation>ソフトウェアを {version} に更新しました</translation>
    </message>
    <message>
        <source>Software update {version} not installed</source>
        <translation>ソフトウェア更新 {version} をインストールできませんでした</translation>
    </message>
    <message>
        <source>{device} reports error {code}: {meaning}. {advice}.</source>
        <translation>{device}がエラー{code}を出しています: {meaning}。{advice}。</translation>
    </message>
    <message>
        <source>The error {code} of {device} has cleared.</source>
        <translation>{device}のエラー{code}は解消しました。</translation>
    </message>
    <message>
        <source>The backup to the service did not complete ({reason}). The panel will try again.</source>
        <translation>サービスへのバックアップが完了しませんでした({reason})。パネルがもう一度試みます。</translation>
    </message>
    <message>
        <source>During {slot} the home used {actual} W against a target of {target} W.</source>
        <translation>{slot}に、目標{target}Wに対して{actual}Wを使いました。</translation>
    </message>
    <message>
        <source>The panel has {days} of the {needed} days of data it needs for {day_type}.</source>
        <translation>{day_type}の学習に必要な{needed}日分のうち、{days}日分のデータしかありません。</translation>
    </message>
    <message>
        <source>{warning} issued for {area}. {advice}</source>
        <translation>{area}に{warning}が発表されました。{advice}</translation>
    </message>
    <message>
        <source>{warning} for {area} lifted.</source>
        <translation>{area}の{warning}は解除されました。</translation>
    </message>
    <message>
        <source>{device} refused to set {setting} to {value}, also when asked again.</source>
        <translation>{device}は{setting}を{value}にする設定を、再試行しても受け付けませんでした。</translation>
    </message>
    <message>
        <source>{device} did not answer when asked to set {setting} to {value}.</source>
        <translation>{device}は{setting}を{value}にする設定に応答しませんでした。</translation>
    </message>
    <message>
        <source>The plan is made without it for now; the panel tries again later.</source>
        <translation>当面はこの機器を除いて計画します。しばらくしてから再度制御します。</translation>
    </message>
    <message>
        <source>Version {version} of the panel&apos;s software is available. What is new:
{notes}
Install it in Settings → Software update.</source>
        <translation>パネルのソフトウェアのバージョン {version} が利用できます。主な変更点:
{notes}
設定 → ソフトウェア更新 からインストールできます。</translation>
    </message>
    <message>
        <source>The panel now runs version {version}.</source>
        <translation>パネルはバージョン {version} で動作しています。</translation>
    </message>
    <message>
        <source>Version {version} did not start properly, so the panel went back to version {running}. Nothing else changed.</source>
        <translation>バージョン {version} が正常に起動しなかったため、バージョン {running} に戻しました。ほかに変更はありません。</translation>
    </message>
    <message>
        <source>Version {version} could not be installed; the panel keeps running version {running}.</source>
        <translation>バージョン {version} をインストールできませんでした。引き続きバージョン {running} で動作します。</translation>
    </message>
    <message>
        <source>The charge plan could not be computed ({message}). The battery runs in self-consumption until the next plan.</source>
        <translation>充電計画を計算できませんでした（{message}）。次の計画まで蓄電池は自家消費モードで運転します。</translation>
    </message>
    <message>
        <source>The access password was last changed {days} days ago.</source>
        <translation>アクセスパスワードを最後に変更してから{days}日たちました。</translation>
    </message>
</context>
<context>
    <name>NoticesPage</name>
    <message>
        <source>Notices</source>
        <translation>お知らせ</translation>
    </message>
    <message>
        <source>Unread: {count}. Tap a notice to read it.</source>
        <translation>未読 {count}件。タップすると読めます。</translation>
    </message>
    <message>
        <source>Everything has been read.</source>
        <translation>すべて読みました。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Mark all read</source>
        <translation>すべて既読にする</translation>
    </message>
    <message>
        <source>No notices. Messages from the service, your home&apos;s devices and weather warnings appear here; the lamp lights while one is unread.</source>
        <translation>お知らせはありません。サービスや家の機器からのお知らせ、気象警報がここに届きます。未読があるあいだランプが点灯します。</translation>
    </message>
</context>
<context>
    <name>NumberDialog</name>
    <message>
        <source>Enter a number from {low} to {high}, with at most {decimals} decimals.</source>
        <translation>{low}〜{high}の数値を入力してください(小数は{decimals}桁まで)。</translation>
    </message>
    <message>
        <source>Enter a whole number from {low} to {high}.</source>
        <translation>{low}〜{high}の整数を入力してください。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>PasswordPromptDialog</name>
    <message>
        <source>Wrong password. Please try again.</source>
        <translation>パスワードが違います。もう一度入力してください。</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分</translation>
    </message>
    <message>
        <source>Too many wrong entries. Try again in {wait}.</source>
        <translation>間違いが続いたため、{wait}後にもう一度お試しください。</translation>
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
        <source>This changes a setting of the home. Enter the access password.</source>
        <translation>住まいの設定を変更します。アクセスパスワードを入力してください。</translation>
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
    <name>PlanChart</name>
    <message>
        <source>{price} yen</source>
        <translation>{price}円</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>単価</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>発電</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>消費</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>充電</translation>
    </message>
    <message>
        <source>Discharge</source>
        <translation>放電</translation>
    </message>
    <message>
        <source>Battery level</source>
        <translation>蓄電残量</translation>
    </message>
    <message>
        <source>EcoCute</source>
        <translation>エコキュート</translation>
    </message>
    <message>
        <source>EV</source>
        <translation>EV</translation>
    </message>
</context>
<context>
    <name>PlanEditorPage</name>
    <message>
        <source>{price} yen/kWh</source>
        <translation>{price}円/kWh</translation>
    </message>
    <message>
        <source>Edit prices</source>
        <translation>料金の編集</translation>
    </message>
    <message>
        <source>Kind of price</source>
        <translation>料金の種類</translation>
    </message>
    <message>
        <source>The new kind starts from one price for every hour; then set its tiers or time bands.</source>
        <translation>新しい種類は全時間帯で同じ単価から始まります。そのあと段階や時間帯を設定してください。</translation>
    </message>
    <message>
        <source>One price for every hour</source>
        <translation>全時間帯で同じ単価</translation>
    </message>
    <message>
        <source>The time bands are replaced by one price. Shown: the mean of the day shown, {price} yen/kWh.</source>
        <translation>時間帯別の単価を1つの単価にします。表示中の日の平均 {price}円/kWh を入れてあります。</translation>
    </message>
    <message>
        <source>Enter the amount as on your price list, tax included.</source>
        <translation>料金表のとおり、税込みの金額を入力してください。</translation>
    </message>
    <message>
        <source>Save the prices?</source>
        <translation>料金を保存しますか?</translation>
    </message>
    <message>
        <source>The new prices apply from {date}. Usage before that day keeps the prices it had.</source>
        <translation>新しい料金は{date}から適用されます。それ以前の使用分は、それまでの料金のままです。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <source>Saved. The new prices apply from {date}.</source>
        <translation>保存しました。新しい料金は{date}から適用されます。</translation>
    </message>
    <message>
        <source>The prices could not be saved: {reason}</source>
        <translation>料金を保存できませんでした: {reason}</translation>
    </message>
    <message>
        <source>from {date}</source>
        <translation>{date}から</translation>
    </message>
    <message>
        <source>No plan is set: choose one on the rates page first.</source>
        <translation>料金プランが設定されていません。先に料金設定の画面で選んでください。</translation>
    </message>
    <message>
        <source>Cannot be saved yet: {problem}</source>
        <translation>まだ保存できません: {problem}</translation>
    </message>
    <message>
        <source>Fix the marked rows to save.</source>
        <translation>赤字の行を直すと保存できます。</translation>
    </message>
    <message>
        <source>Weekdays</source>
        <translation>平日</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>休日</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Same as weekdays</source>
        <translation>平日と同じにする</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>{amount} yen</source>
        <translation>{amount}円</translation>
    </message>
    <message>
        <source>Price at every hour</source>
        <translation>全時間帯の単価</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>全時間帯</translation>
    </message>
    <message>
        <source>yen/kWh</source>
        <translation>円/kWh</translation>
    </message>
    <message>
        <source>Start 30 minutes earlier</source>
        <translation>開始を30分早める</translation>
    </message>
    <message>
        <source>−30 min</source>
        <translation>−30分</translation>
    </message>
    <message>
        <source>One price</source>
        <translation>一律</translation>
    </message>
    <message>
        <source>Tiered</source>
        <translation>段階制</translation>
    </message>
    <message>
        <source>Time of use</source>
        <translation>時間帯別</translation>
    </message>
    <message>
        <source>+30 min</source>
        <translation>+30分</translation>
    </message>
    <message>
        <source>Start 30 minutes later</source>
        <translation>開始を30分遅らせる</translation>
    </message>
    <message>
        <source>Price from {time}</source>
        <translation>{time}からの単価</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Remove this band</source>
        <translation>この時間帯を削除</translation>
    </message>
    <message>
        <source>All day from {time}</source>
        <translation>終日({time}から)</translation>
    </message>
    <message>
        <source>One season all year</source>
        <translation>通年で1つの季節</translation>
    </message>
    <message>
        <source>Season ends {date}</source>
        <translation>この季節の終わり {date}</translation>
    </message>
    <message>
        <source>Split season</source>
        <translation>季節を分割</translation>
    </message>
    <message>
        <source>No season starts the day after.</source>
        <translation>翌日から始まる季節がありません。</translation>
    </message>
    <message>
        <source>Over {low} kWh</source>
        <translation>{low}kWh超</translation>
    </message>
    <message>
        <source>Up to {high} kWh</source>
        <translation>{high}kWhまで</translation>
    </message>
    <message>
        <source>Tier limit (kWh a month)</source>
        <translation>段階の上限(月のkWh)</translation>
    </message>
    <message>
        <source>Must be more than {low} kWh, the tier before.</source>
        <translation>前の段階の{low}kWhより大きくしてください。</translation>
    </message>
    <message>
        <source>Fuel-cost adjustment</source>
        <translation>燃料費調整額</translation>
    </message>
    <message>
        <source>Basic charge a month</source>
        <translation>基本料金(月額)</translation>
    </message>
    <message>
        <source>Basic charge per kVA</source>
        <translation>基本料金(1kVAあたり)</translation>
    </message>
    <message>
        <source>Basic charge {amperes} A</source>
        <translation>基本料金 {amperes}A</translation>
    </message>
    <message>
        <source>yen</source>
        <translation>円</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>yen/m³</source>
        <translation>円/m³</translation>
    </message>
    <message>
        <source>{price} yen/m³</source>
        <translation>{price}円/m³</translation>
    </message>
    <message>
        <source>CO2 per kWh bought</source>
        <translation>CO2排出係数</translation>
    </message>
    <message>
        <source>The emission factor your electricity company publishes, in kg of CO2 per kWh.</source>
        <translation>電力会社が公表している排出係数を、1kWhあたりのCO2のkgで入力してください。</translation>
    </message>
    <message>
        <source>Gas basic charge a month</source>
        <translation>ガス基本料金(月額)</translation>
    </message>
    <message>
        <source>Gas price</source>
        <translation>ガス従量単価</translation>
    </message>
    <message>
        <source>Water price</source>
        <translation>水道従量単価</translation>
    </message>
</context>
<context>
    <name>PlanHistoryDialog</name>
    <message>
        <source>From {date}: {prices}</source>
        <translation>{date}から: {prices}</translation>
    </message>
    <message>
        <source>Selling from {date}: {price} yen/kWh</source>
        <translation>売電 {date}から: {price}円/kWh</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>料金の履歴</translation>
    </message>
    <message>
        <source>Each price applies from its date until the next one. Tap a date to edit the prices from it.</source>
        <translation>それぞれの料金は、その日から次の料金の前日まで適用されます。日付をタップすると、その日からの料金を編集できます。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
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
        <source>The price your solar power is bought at, in yen per kWh, as on your feed-in contract. It applies from today.</source>
        <translation>太陽光の電気が買い取られる単価(円/kWh)を、売電契約のとおりに入力してください。今日から適用されます。</translation>
    </message>
    <message>
        <source>After the FIT years, {company} buys at {price} yen/kWh (as of {date}).</source>
        <translation>FIT期間の満了後は、{company}が{price}円/kWhで買い取ります({date}時点)。</translation>
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
        <source>{plan} has new prices from {date}.</source>
        <translation>{plan}の料金単価が{date}から改定されます。</translation>
    </message>
    <message>
        <source>Last month&apos;s usage is not known, so what they would cost cannot be shown.</source>
        <translation>先月の使用量がないため、料金の差額は表示できません。</translation>
    </message>
    <message>
        <source>With {month}&apos;s usage you would pay {yen} more.</source>
        <translation>{month}の使用量では {yen} 高くなります。</translation>
    </message>
    <message>
        <source>With {month}&apos;s usage you would pay {yen} less.</source>
        <translation>{month}の使用量では {yen} 安くなります。</translation>
    </message>
    <message>
        <source>With {month}&apos;s usage you would pay the same.</source>
        <translation>{month}の使用量では料金は変わりません。</translation>
    </message>
    <message>
        <source>Plans kept on the panel. Register the panel to get the power companies&apos; latest plans.</source>
        <translation>本機に収録の料金プランです。サーバーに登録すると、電力会社の最新プランを取得できます。</translation>
    </message>
    <message>
        <source>Plans kept on the panel (the server could not be reached).</source>
        <translation>本機に収録の料金プランです(サーバーに接続できません)。</translation>
    </message>
    <message>
        <source>Plans updated {date}</source>
        <translation>料金プラン更新: {date}</translation>
    </message>
    <message>
        <source>Plans as of {date} (the server could not be reached)</source>
        <translation>料金プラン: {date}時点(サーバーに接続できません)</translation>
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
        <source>Edit your prices</source>
        <translation>料金を編集</translation>
    </message>
    <message>
        <source>Use new prices</source>
        <translation>新単価にする</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>今のままにする</translation>
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
        <source>the home setup does not say whether the solar power is all sold</source>
        <translation>設置設定で太陽光の売電方法（全量買取か）が未設定です</translation>
    </message>
    <message>
        <source>the home setup does not say whether the EV charger&apos;s solar charging is on</source>
        <translation>設置設定でEV充電器のソーラー充電設定が未設定です</translation>
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
    <name>RegistrationPage</name>
    <message>
        <source>Server registration</source>
        <translation>サーバー登録</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>登録</translation>
    </message>
    <message>
        <source>Registered. Terms of use {terms}, privacy policy {privacy}.</source>
        <translation>登録済みです。利用規約 {terms}版、プライバシーポリシー {privacy}版。</translation>
    </message>
    <message>
        <source>Not registered. Nothing is sent to the service.</source>
        <translation>登録していません。サービスには何も送信しません。</translation>
    </message>
    <message>
        <source>Device code: {code}</source>
        <translation>機器コード: {code}</translation>
    </message>
    <message>
        <source>Service: {name}</source>
        <translation>サービス: {name}</translation>
    </message>
    <message>
        <source>The terms have changed. Sending is paused until the new terms are accepted.</source>
        <translation>規約が変わりました。新しい規約に同意するまで送信を止めています。</translation>
    </message>
    <message>
        <source>Deleting the registration on the service is pending; the panel retries until it is done.</source>
        <translation>サービス側の登録削除が完了していません。完了するまでパネルが再試行します。</translation>
    </message>
    <message>
        <source>Read and accept the new terms</source>
        <translation>新しい規約を読んで同意する</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登録する</translation>
    </message>
    <message>
        <source>Daily backup</source>
        <translation>毎日のバックアップ</translation>
    </message>
    <message>
        <source>Once a day, at a time the service chooses; missed days are caught up.</source>
        <translation>1日1回、サービスが決めた時刻に行います。できなかった日の分はあとで取り戻します。</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>今すぐバックアップ</translation>
    </message>
    <message>
        <source>Take over data from the previous panel</source>
        <translation>前のパネルのデータを引き継ぐ</translation>
    </message>
    <message>
        <source>The data of panel {code} is ready. Restart the panel to take it over.</source>
        <translation>パネル{code}のデータの準備ができました。パネルを再起動すると引き継ぎます。</translation>
    </message>
    <message>
        <source>When this panel replaces another one: enter the old panel&apos;s device code and confirmation code.</source>
        <translation>このパネルが別のパネルの交換品のとき: 前のパネルの機器コードと確認コードを入力します。</translation>
    </message>
    <message>
        <source>Take over data</source>
        <translation>データを引き継ぐ</translation>
    </message>
    <message>
        <source>Delete the registration</source>
        <translation>登録の削除</translation>
    </message>
    <message>
        <source>Before you sell or dispose of the panel: deletes its data on the service and stops all sending.</source>
        <translation>パネルを譲る・売る・処分する前に: サービス上のデータを削除し、すべての送信を止めます。</translation>
    </message>
    <message>
        <source>Delete registration</source>
        <translation>登録を削除</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Not chosen yet: this panel was registered before municipalities were chosen from a list. The weather forecast needs it.</source>
        <translation>未設定です。このパネルは市区町村を一覧から選ぶ方式になる前に登録されました。天気予報を受け取るには市区町村の選択が必要です。</translation>
    </message>
    <message>
        <source>Choose the municipality</source>
        <translation>市区町村を選ぶ</translation>
    </message>
    <message>
        <source>{place}: the weather forecast is for it. Change it if the household has moved.</source>
        <translation>{place}（天気予報の地域）。転居した場合は変更してください。</translation>
    </message>
    <message>
        <source>The weather forecast is for the registered municipality. Change it if the household has moved.</source>
        <translation>天気予報は登録した市区町村のものです。転居した場合は変更してください。</translation>
    </message>
    <message>
        <source>Change the municipality</source>
        <translation>市区町村を変更</translation>
    </message>
    <message>
        <source>built into this panel</source>
        <translation>このパネルに内蔵</translation>
    </message>
    <message>
        <source>No backups: the panel is not registered.</source>
        <translation>未登録のため、バックアップはありません。</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>バックアップしています…</translation>
    </message>
    <message>
        <source>No backup yet.</source>
        <translation>まだバックアップはありません。</translation>
    </message>
    <message>
        <source>full</source>
        <translation>全体</translation>
    </message>
    <message>
        <source>changes only</source>
        <translation>差分</translation>
    </message>
    <message>
        <source>Last backup: {when}, {size} ({kind}).</source>
        <translation>前回のバックアップ: {when}、{size}({kind})。</translation>
    </message>
    <message>
        <source>The last backup failed: {when}. Last success: {success}.</source>
        <translation>前回のバックアップは失敗しました: {when}。最後に成功したのは{success}です。</translation>
    </message>
    <message>
        <source>Accept the new terms to resume.</source>
        <translation>再開するには新しい規約に同意してください。</translation>
    </message>
</context>
<context>
    <name>RegistrationWizard</name>
    <message>
        <source>Registering…</source>
        <translation>登録しています…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信しています…</translation>
    </message>
    <message>
        <source>New terms of the service</source>
        <translation>サービスの新しい規約</translation>
    </message>
    <message>
        <source>Server registration</source>
        <translation>サーバー登録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>I agree to the terms</source>
        <translation>利用規約に同意する</translation>
    </message>
    <message>
        <source>I agree to the privacy policy</source>
        <translation>プライバシーポリシーに同意する</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登録する</translation>
    </message>
    <message>
        <source>I have noted the codes</source>
        <translation>コードを控えました</translation>
    </message>
    <message>
        <source>Checking the connection to the service…</source>
        <translation>サービスへの接続を確かめています…</translation>
    </message>
    <message>
        <source>Connected to the service.</source>
        <translation>サービスに接続できました。</translation>
    </message>
    <message>
        <source>Register with the service</source>
        <translation>サービスに登録する</translation>
    </message>
    <message>
        <source>Registering lets the panel back up its data every day, take over the data of a panel it replaces, download rate plans, device manuals and signed software updates, and show the service&apos;s notices; if you wish, phones can then see the home and operate devices through the service. You will read and accept the terms of use and the privacy policy, then give a few facts about the household. Nothing that names a person or an address is asked.</source>
        <translation>登録すると、パネルのデータを毎日バックアップし、交換したパネルのデータを引き継ぎ、料金プラン・機器の取扱説明・署名付きのソフトウェア更新をダウンロードし、サービスのお知らせを表示できます。希望すれば、サービス経由でスマートフォンから家の様子を見たり機器を操作したりもできます。利用規約とプライバシーポリシーを読んで同意したあと、世帯についていくつかお答えいただきます。お名前や住所など、人や住まいを特定する情報はお聞きしません。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>You have read to the end.</source>
        <translation>最後まで読みました。</translation>
    </message>
    <message>
        <source>Scroll to the end to agree.</source>
        <translation>最後までスクロールすると同意できます。</translation>
    </message>
    <message>
        <source>Prefecture: {value}</source>
        <translation>都道府県: {value}</translation>
    </message>
    <message>
        <source>Municipality: {value}</source>
        <translation>市区町村: {value}</translation>
    </message>
    <message>
        <source>Postal code: {value}</source>
        <translation>郵便番号: {value}</translation>
    </message>
    <message>
        <source>People in the household: {value}</source>
        <translation>世帯人数: {value}</translation>
    </message>
    <message>
        <source>Building: {value}</source>
        <translation>建物: {value}</translation>
    </message>
    <message>
        <source>Energies: {value}</source>
        <translation>エネルギー: {value}</translation>
    </message>
    <message>
        <source>Terms of use {terms}, privacy policy {privacy}: agreed</source>
        <translation>利用規約 {terms}版、プライバシーポリシー {privacy}版: 同意済み</translation>
    </message>
    <message>
        <source>Check and register</source>
        <translation>確認して登録</translation>
    </message>
    <message>
        <source>Tap Register to send these facts and the panel&apos;s device code to the service.</source>
        <translation>「登録する」をタップすると、この内容とパネルの機器コードをサービスに送ります。</translation>
    </message>
    <message>
        <source>Registered. Your confirmation code:</source>
        <translation>登録しました。確認コード:</translation>
    </message>
    <message>
        <source>Device code of this panel: {code}</source>
        <translation>このパネルの機器コード: {code}</translation>
    </message>
    <message>
        <source>Write both codes down and keep them safe. They are needed to take over this panel&apos;s data when it is replaced, and the confirmation code is shown only now.</source>
        <translation>両方のコードを書き留めて、大切に保管してください。パネルを交換するときのデータの引き継ぎに必要です。確認コードが表示されるのは今だけです。</translation>
    </message>
</context>
<context>
    <name>RemoteCommandsCard</name>
    <message>
        <source>Off: commands from outside are refused.</source>
        <translation>オフ：外部からの操作はお断りしています。</translation>
    </message>
    <message>
        <source>On, but the panel is not registered with the server: register it first.</source>
        <translation>オン：ただし、この端末はサーバーに登録されていません。先に登録してください。</translation>
    </message>
    <message>
        <source>On. The server cannot be reached now; the panel keeps trying.</source>
        <translation>オン：現在サーバーに接続できません。接続を試み続けています。</translation>
    </message>
    <message>
        <source>On: waiting for commands. Devices that can be operated: {count}.</source>
        <translation>オン：操作を待っています。操作できる機器：{count}台</translation>
    </message>
    <message>
        <source>power {value}</source>
        <translation>電源 {value}</translation>
    </message>
    <message>
        <source>set to {value}</source>
        <translation>温度を{value}に設定</translation>
    </message>
    <message>
        <source>mode {value}</source>
        <translation>運転モード {value}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>refused by the device</source>
        <translation>機器が受け付けませんでした</translation>
    </message>
    <message>
        <source>the device did not answer</source>
        <translation>機器から応答がありません</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>許可されていません</translation>
    </message>
    <message>
        <source>device not found</source>
        <translation>機器が見つかりません</translation>
    </message>
    <message>
        <source>{when}  {device}: {what} — {outcome}</source>
        <translation>{when}  {device}：{what} — {outcome}</translation>
    </message>
    <message>
        <source>Smartphones and smart speakers</source>
        <translation>スマートフォン・スマートスピーカー</translation>
    </message>
    <message>
        <source>Lets a smartphone or smart speaker linked to this home (with a login code from the panel) switch lights and air conditioners, set the air conditioner&apos;s temperature and change the battery&apos;s mode, through the server. Each change is checked on the device and listed in the appliance history as &quot;remote&quot;.</source>
        <translation>この家に連携したスマートフォンやスマートスピーカー（パネルに表示するログインコードで連携）から、サーバー経由で照明・エアコンの入/切、エアコンの温度設定、蓄電池の運転モード切替ができます。操作はそのつど機器の状態を読み取って確認し、機器履歴に「遠隔操作」として記録されます。</translation>
    </message>
    <message>
        <source>Allow operation from smartphones and smart speakers</source>
        <translation>スマートフォン・スマートスピーカーからの操作を許可する</translation>
    </message>
</context>
<context>
    <name>RemoteViewPage</name>
    <message>
        <source>View on a smartphone</source>
        <translation>スマートフォンで見る</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <source>Logged in {created} · last used {last}</source>
        <translation>ログイン {created} ・ 最終利用 {last}</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>Revoke this phone?</source>
        <translation>このスマートフォンを解除しますか？</translation>
    </message>
    <message>
        <source>{name} will no longer see the home. To see it again, it needs a new code.</source>
        <translation>{name} からは家の様子が見られなくなります。もう一度見るには新しいコードが必要です。</translation>
    </message>
    <message>
        <source>A phone that logs in with a code from here sees today&apos;s power flow, usage, generation, cost and notices from anywhere, through the service. The panel opens no port at home.</source>
        <translation>ここで表示するコードでログインしたスマートフォンから、今日の電気の流れ・使用量・発電量・電気代・お知らせを外出先でも見られます。サービスを経由するため、家のネットワークに入口は開けません。</translation>
    </message>
    <message>
        <source>Show a login code</source>
        <translation>ログインコードを表示</translation>
    </message>
    <message>
        <source>Valid until {time}, for one phone.</source>
        <translation>{time}まで有効（1台のみ）</translation>
    </message>
    <message>
        <source>Scan the QR code with the phone&apos;s camera, or open the address below and enter the code.</source>
        <translation>スマートフォンのカメラでQRコードを読み取るか、下のアドレスを開いてコードを入力してください。</translation>
    </message>
    <message>
        <source>This address is the service built into the panel: phones cannot reach it. Ask the installer to set up the service&apos;s public address.</source>
        <translation>このアドレスはパネル内蔵のサービスのため、スマートフォンからは接続できません。サービスの公開アドレスの設定を施工業者にご相談ください。</translation>
    </message>
    <message>
        <source>Phones that can see the home</source>
        <translation>見られるスマートフォン</translation>
    </message>
    <message>
        <source>Asking the service…</source>
        <translation>サービスに問い合わせ中…</translation>
    </message>
    <message>
        <source>None. No phone can see the home.</source>
        <translation>ありません。家の様子を見られるスマートフォンはありません。</translation>
    </message>
    <message>
        <source>Revoke a phone that is lost or no longer used.</source>
        <translation>なくしたり使わなくなったりしたスマートフォンは解除してください。</translation>
    </message>
    <message>
        <source>This panel was started without the service.</source>
        <translation>このパネルはサービスなしで起動しています。</translation>
    </message>
    <message>
        <source>Register the panel with the service first (Settings → Server registration).</source>
        <translation>先にパネルをサービスに登録してください（設定 → サーバー登録）。</translation>
    </message>
    <message>
        <source>No code could be made.</source>
        <translation>コードを表示できませんでした。</translation>
    </message>
    <message>
        <source>The list of phones could not be read.</source>
        <translation>スマートフォンの一覧を読み込めませんでした。</translation>
    </message>
    <message>
        <source>The phone could not be revoked.</source>
        <translation>スマートフォンを解除できませんでした。</translation>
    </message>
    <message>
        <source>The home&apos;s summary could not be sent.</source>
        <translation>家の様子を送信できませんでした。</translation>
    </message>
    <message>
        <source>Nothing is sent while the panel is not registered.</source>
        <translation>パネルが登録されていないため、何も送信していません。</translation>
    </message>
    <message>
        <source>No phone can see the home, so nothing about it is sent to the service.</source>
        <translation>家の様子を見られるスマートフォンがないため、サービスには何も送信していません。</translation>
    </message>
    <message>
        <source>The home&apos;s summary has not been sent yet.</source>
        <translation>家の様子はまだ送信していません。</translation>
    </message>
    <message>
        <source>A phone is looking: the summary is sent every minute. Last sent {when}.</source>
        <translation>スマートフォンで見ているため、1分ごとに送信しています。最終送信 {when}</translation>
    </message>
    <message>
        <source>The summary is sent every hour, and every minute while a phone looks. Last sent {when}.</source>
        <translation>家の様子を1時間ごと（スマートフォンで見ている間は1分ごと）に送信しています。最終送信 {when}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>A device code has 12 letters and digits, like AB12-CD34-EF56.</source>
        <translation>機器コードは英数字12文字です(例: AB12-CD34-EF56)。</translation>
    </message>
    <message>
        <source>The confirmation code has 8 digits.</source>
        <translation>確認コードは8桁の数字です。</translation>
    </message>
    <message>
        <source>Downloading and checking the backups…</source>
        <translation>バックアップをダウンロードして確かめています…</translation>
    </message>
    <message>
        <source>Take over data from the previous panel</source>
        <translation>前のパネルのデータを引き継ぐ</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Old panel: XXXX-XXXX-XXXX</source>
        <translation>前のパネル: XXXX-XXXX-XXXX</translation>
    </message>
    <message>
        <source>8 digits, shown at its registration</source>
        <translation>登録時に表示された8桁</translation>
    </message>
    <message>
        <source>Device code</source>
        <translation>機器コード</translation>
    </message>
    <message>
        <source>Confirmation code</source>
        <translation>確認コード</translation>
    </message>
    <message>
        <source>{count} backups ({size}) downloaded and checked. Restart the panel to take over the data: it is put in place at the next start, and this panel&apos;s current data is kept until that has succeeded.</source>
        <translation>バックアップ{count}件({size})をダウンロードして確かめました。パネルを再起動するとデータを引き継ぎます。次の起動時に置き換え、それが成功するまでこのパネルの今のデータは残します。</translation>
    </message>
</context>
<context>
    <name>SavingsCard</name>
    <message>
        <source>What it saved</source>
        <translation>節約できた金額</translation>
    </message>
    <message>
        <source>This month so far</source>
        <translation>今月の合計</translation>
    </message>
    <message>
        <source>From the measured data: what the home paid for electricity, against what it would have paid with the battery only storing surplus solar and the EcoCute heating at night.</source>
        <translation>実測にもとづく金額です。実際の電気代と、蓄電池を余剰の充電だけに使い、エコキュートを夜間に沸き上げた場合の電気代とを比べています。</translation>
    </message>
    <message>
        <source>No results yet. The first appears the day after a whole day under AI control.</source>
        <translation>まだ結果がありません。AI制御で1日運転した日の翌日から表示されます。</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>電気代</translation>
    </message>
    <message>
        <source>Without AI</source>
        <translation>AIなしなら</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>節約</translation>
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
    <message>
        <source>Circuits and home setup</source>
        <translation>設置設定（回路）</translation>
    </message>
    <message>
        <source>Which channel of the distribution board measures which circuit, and what measures the power bought and sold. For the installer.</source>
        <translation>分電盤のどのチャンネルがどの回路を計測するか、買電・売電を何で計測するか。施工者向けの設定です。</translation>
    </message>
    <message>
        <source>Set up circuits</source>
        <translation>回路を設定</translation>
    </message>
    <message>
        <source>Take over from an AiSEG2</source>
        <translation>AiSEG2から引き継ぐ</translation>
    </message>
    <message>
        <source>Import the history on an AiSEG2&apos;s SD card: its past years appear in the graphs, with its circuit names matched to these.</source>
        <translation>AiSEG2のSDカードの履歴を取り込みます。過去の年月がグラフに表示され、回路名はこのパネルの回路と照合されます。</translation>
    </message>
    <message>
        <source>Import from an SD card</source>
        <translation>SDカードから取り込む</translation>
    </message>
    <message>
        <source>Panel screen</source>
        <translation>画面の終了</translation>
    </message>
    <message>
        <source>Closes the panel screen, for maintenance. The access password is asked. (Holding the page title for 2 seconds does the same.)</source>
        <translation>点検などのためにパネルの画面を閉じます。アクセスパスワードを入力してください。(画面上部のページ名を2秒間押し続けても閉じられます。)</translation>
    </message>
    <message>
        <source>Close the panel screen</source>
        <translation>画面を終了</translation>
    </message>
    <message>
        <source>Software update</source>
        <translation>ソフトウェア更新</translation>
    </message>
    <message>
        <source>Version {running} installed; {offered} is available.</source>
        <translation>バージョン {running} を使用中。{offered} が利用できます。</translation>
    </message>
    <message>
        <source>Version {running} installed.</source>
        <translation>バージョン {running} を使用中。</translation>
    </message>
    <message>
        <source>Server registration</source>
        <translation>サーバー登録</translation>
    </message>
    <message>
        <source>Registered.</source>
        <translation>登録済み。</translation>
    </message>
    <message>
        <source>Not registered.</source>
        <translation>未登録。</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <source>{registered} Last backup: {when}.</source>
        <translation>{registered} 前回のバックアップ: {when}。</translation>
    </message>
    <message>
        <source>Registration and backup</source>
        <translation>登録とバックアップ</translation>
    </message>
    <message>
        <source>View on a smartphone</source>
        <translation>スマートフォンで見る</translation>
    </message>
    <message>
        <source>See today&apos;s power, cost and notices on a phone, away from home, through the service.</source>
        <translation>外出先のスマートフォンで、今日の電気・電気代・お知らせを見られます（サービス経由）。</translation>
    </message>
    <message>
        <source>Phones and login codes</source>
        <translation>スマートフォンとログインコード</translation>
    </message>
</context>
<context>
    <name>TargetsDialog</name>
    <message>
        <source>Target for each half hour</source>
        <translation>30分ごとの目標</translation>
    </message>
    <message>
        <source>At most this much bought from the grid in each 30 minutes of these hours.</source>
        <translation>この時間帯の30分ごとの買電を、この量までにします。</translation>
    </message>
    <message>
        <source>No targets for these days.</source>
        <translation>目標は設定されていません。</translation>
    </message>
    <message>
        <source>Remove this target</source>
        <translation>この目標を削除</translation>
    </message>
    <message>
        <source>Set a target for some hours</source>
        <translation>時間帯に目標を設定</translation>
    </message>
    <message>
        <source>−30 min</source>
        <translation>−30分</translation>
    </message>
    <message>
        <source>+30 min</source>
        <translation>+30分</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Each half hour at most</source>
        <translation>30分あたりの上限</translation>
    </message>
    <message>
        <source>Set for these hours</source>
        <translation>この時間帯に設定</translation>
    </message>
    <message>
        <source>30-minute targets: holidays</source>
        <translation>節電目標（30分）：休日</translation>
    </message>
    <message>
        <source>30-minute targets: weekdays</source>
        <translation>節電目標（30分）：平日</translation>
    </message>
    <message>
        <source>When more is bought in a half hour than its target, the panel posts a notice and the battery&apos;s AI control pauses for that half hour.</source>
        <translation>30分の買電が目標を超えると、お知らせを出し、その30分は蓄電池のAI制御を止めます。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>TextEntryDialog</name>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>UnregisterDialog</name>
    <message>
        <source>Delete the registration</source>
        <translation>登録の削除</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>The service will delete this panel&apos;s registration, the household facts, every backup of this panel and any takeover codes. The panel stops sending anything at once, and its daily backup stops. The data on this panel stays here. Do this before you sell or dispose of the panel.

You will be asked for the access password.</source>
        <translation>サービスから、このパネルの登録、世帯の情報、このパネルのすべてのバックアップと引き継ぎ用のコードを削除します。パネルはすぐにすべての送信を止め、毎日のバックアップも止まります。パネル本体のデータはそのまま残ります。パネルを譲る・売る・処分する前に行ってください。

アクセスパスワードの入力を求められます。</translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>削除しています…</translation>
    </message>
    <message>
        <source>Sending has stopped. The service cannot be reached now, so its copy will be deleted as soon as the connection returns (shown as pending in Server registration).</source>
        <translation>送信を止めました。今はサービスに接続できないため、接続が戻りしだいサービス側のデータを削除します(サーバー登録の画面に「削除待ち」と表示されます)。</translation>
    </message>
    <message>
        <source>The registration and the data on the service have been deleted.</source>
        <translation>登録とサービス上のデータを削除しました。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Delete registration</source>
        <translation>登録を削除</translation>
    </message>
</context>
<context>
    <name>UpdatePage</name>
    <message>
        <source>Software update</source>
        <translation>ソフトウェア更新</translation>
    </message>
    <message>
        <source>The update was refused: it is not signed.</source>
        <translation>更新を拒否しました: 署名がありません。</translation>
    </message>
    <message>
        <source>The update was refused: its signature is not that of the panel&apos;s maker.</source>
        <translation>更新を拒否しました: 署名がパネルのメーカーのものではありません。</translation>
    </message>
    <message>
        <source>The update was refused: its contents differ from what was signed.</source>
        <translation>更新を拒否しました: 内容が署名されたものと異なります。</translation>
    </message>
    <message>
        <source>The update was refused: it is older than the version installed.</source>
        <translation>更新を拒否しました: 使用中のバージョンより古いものです。</translation>
    </message>
    <message>
        <source>This version is installed already.</source>
        <translation>このバージョンはインストール済みです。</translation>
    </message>
    <message>
        <source>This update needs a newer version installed first.</source>
        <translation>この更新の前に、より新しいバージョンへの更新が必要です。</translation>
    </message>
    <message>
        <source>The update was refused: its description is damaged.</source>
        <translation>更新を拒否しました: 更新情報が壊れています。</translation>
    </message>
    <message>
        <source>The update was refused: it is not for this panel.</source>
        <translation>更新を拒否しました: このパネル用ではありません。</translation>
    </message>
    <message>
        <source>This panel was not installed from the package, so it cannot update itself.</source>
        <translation>このパネルはパッケージからインストールされていないため、自動で更新できません。</translation>
    </message>
    <message>
        <source>The update was refused.</source>
        <translation>更新を拒否しました。</translation>
    </message>
    <message>
        <source>Updates come through the server service: register the panel first.</source>
        <translation>更新はサーバーサービスから届きます。先にパネルを登録してください。</translation>
    </message>
    <message>
        <source>The server could not be reached. Nothing was installed; the panel tries again later.</source>
        <translation>サーバーに接続できませんでした。何もインストールしていません。後でもう一度試します。</translation>
    </message>
    <message>
        <source>Checking for updates failed. The panel tries again later.</source>
        <translation>更新を確認できませんでした。後でもう一度試します。</translation>
    </message>
    <message>
        <source>Version {version} was installed.</source>
        <translation>バージョン {version} をインストールしました。</translation>
    </message>
    <message>
        <source>Version {version} did not start properly, so the panel went back to {running}.</source>
        <translation>バージョン {version} が正常に起動しなかったため、{running} に戻しました。</translation>
    </message>
    <message>
        <source>Version {version} could not be installed; {running} stays.</source>
        <translation>バージョン {version} をインストールできませんでした。{running} のままです。</translation>
    </message>
    <message>
        <source>Installed version</source>
        <translation>使用中のバージョン</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Install at night</source>
        <translation>夜間に更新</translation>
    </message>
    <message>
        <source>Install an offered update by itself between 2:00 and 4:00. The screen restarts once; if the new version does not start, the panel goes back to the one before.</source>
        <translation>届いた更新を2:00〜4:00の間に自動でインストールします。画面が一度再起動します。新しいバージョンが起動しない場合は、元のバージョンに戻ります。</translation>
    </message>
    <message>
        <source>Allow night installs</source>
        <translation>夜間の自動更新を許可</translation>
    </message>
    <message>
        <source>Install now</source>
        <translation>今すぐ更新</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>今すぐ確認</translation>
    </message>
    <message>
        <source>Updates are not available on this panel.</source>
        <translation>このパネルでは更新を利用できません。</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>バージョン {version}</translation>
    </message>
    <message>
        <source>Checking for updates…</source>
        <translation>更新を確認しています…</translation>
    </message>
    <message>
        <source>Version {version} is available (published {date}).</source>
        <translation>バージョン {version} が利用できます（{date} 公開）。</translation>
    </message>
    <message>
        <source>The panel is up to date.</source>
        <translation>最新の状態です。</translation>
    </message>
    <message>
        <source>No update to install.</source>
        <translation>インストールできる更新はありません。</translation>
    </message>
    <message>
        <source>Downloading… %p%</source>
        <translation>ダウンロード中… %p%</translation>
    </message>
    <message>
        <source>Installing: the screen restarts shortly</source>
        <translation>インストール中: まもなく画面が再起動します</translation>
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
<context>
    <name>WeatherDayCard</name>
    <message>
        <source>{day}: {sky}, high {high}, low {low}</source>
        <translation>{day}: {sky}、最高 {high}、最低 {low}</translation>
    </message>
    <message>
        <source>Rain {percent}</source>
        <translation>降水 {percent}</translation>
    </message>
    <message>
        <source>Solar (rest)</source>
        <translation>これからの発電</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>発電</translation>
    </message>
</context>
<context>
    <name>WeatherPage</name>
    <message>
        <source>Weather</source>
        <translation>天気予報</translation>
    </message>
    <message>
        <source>How good the forecasts were</source>
        <translation>予測の精度</translation>
    </message>
    <message>
        <source>{area} · {age}</source>
        <translation>{area} · {age}</translation>
    </message>
    <message>
        <source>The weather service could not renew this forecast.</source>
        <translation>配信元で予報を更新できていません。</translation>
    </message>
    <message>
        <source>Choose your municipality</source>
        <translation>市区町村を選んでください</translation>
    </message>
    <message>
        <source>The weather service now sends the forecast for the household&apos;s municipality, chosen from its list. This panel was registered before the list: choose it once, and the forecast follows.</source>
        <translation>天気予報は、一覧から選んだ市区町村ごとに配信されるようになりました。このパネルはそれ以前に登録されているため、市区町村を一度選んでください。選ぶと天気予報が届きます。</translation>
    </message>
    <message>
        <source>Choose the municipality</source>
        <translation>市区町村を選ぶ</translation>
    </message>
    <message>
        <source>No weather forecast yet</source>
        <translation>天気予報はまだありません</translation>
    </message>
    <message>
        <source>The forecast for your area comes from the server service. Register the panel (Settings › Server registration) to see it here, with the expected solar generation.</source>
        <translation>お住まいの地域の天気予報はサーバーサービスから届きます。パネルを登録すると (設定 › サーバー登録)、発電量の予測とともにここに表示されます。</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登録する</translation>
    </message>
    <message>
        <source>The panel has not received a forecast yet. Check the internet connection; the forecast appears here once it arrives.</source>
        <translation>まだ予報を受信していません。インターネット接続を確認してください。受信するとここに表示されます。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>The panel is not registered with the server service, so the forecast is not renewed.</source>
        <translation>パネルがサーバーサービスに登録されていないため、予報は更新されません。</translation>
    </message>
    <message>
        <source>Could not renew the forecast: {reason}</source>
        <translation>予報を更新できませんでした: {reason}</translation>
    </message>
</context>
<context>
    <name>WeatherText</name>
    <message>
        <source>Heavy rain advisory</source>
        <translation>大雨注意報</translation>
    </message>
    <message>
        <source>Heavy rain warning</source>
        <translation>大雨警報</translation>
    </message>
    <message>
        <source>Heavy rain emergency warning</source>
        <translation>大雨特別警報</translation>
    </message>
    <message>
        <source>Flood advisory</source>
        <translation>洪水注意報</translation>
    </message>
    <message>
        <source>Flood warning</source>
        <translation>洪水警報</translation>
    </message>
    <message>
        <source>Gale advisory</source>
        <translation>強風注意報</translation>
    </message>
    <message>
        <source>Storm warning</source>
        <translation>暴風警報</translation>
    </message>
    <message>
        <source>Storm emergency warning</source>
        <translation>暴風特別警報</translation>
    </message>
    <message>
        <source>Gale and snow advisory</source>
        <translation>風雪注意報</translation>
    </message>
    <message>
        <source>Snowstorm warning</source>
        <translation>暴風雪警報</translation>
    </message>
    <message>
        <source>Snowstorm emergency warning</source>
        <translation>暴風雪特別警報</translation>
    </message>
    <message>
        <source>Heavy snow advisory</source>
        <translation>大雪注意報</translation>
    </message>
    <message>
        <source>Heavy snow warning</source>
        <translation>大雪警報</translation>
    </message>
    <message>
        <source>Heavy snow emergency warning</source>
        <translation>大雪特別警報</translation>
    </message>
    <message>
        <source>High wave advisory</source>
        <translation>波浪注意報</translation>
    </message>
    <message>
        <source>High wave warning</source>
        <translation>波浪警報</translation>
    </message>
    <message>
        <source>High wave emergency warning</source>
        <translation>波浪特別警報</translation>
    </message>
    <message>
        <source>Storm surge advisory</source>
        <translation>高潮注意報</translation>
    </message>
    <message>
        <source>Storm surge warning</source>
        <translation>高潮警報</translation>
    </message>
    <message>
        <source>Storm surge emergency warning</source>
        <translation>高潮特別警報</translation>
    </message>
    <message>
        <source>Thunderstorm advisory</source>
        <translation>雷注意報</translation>
    </message>
    <message>
        <source>Landslide advisory</source>
        <translation>土砂災害注意報</translation>
    </message>
    <message>
        <source>Landslide warning</source>
        <translation>土砂災害警報</translation>
    </message>
    <message>
        <source>Landslide emergency warning</source>
        <translation>土砂災害特別警報</translation>
    </message>
    <message>
        <source>Snowmelt advisory</source>
        <translation>融雪注意報</translation>
    </message>
    <message>
        <source>Dense fog advisory</source>
        <translation>濃霧注意報</translation>
    </message>
    <message>
        <source>Dry air advisory</source>
        <translation>乾燥注意報</translation>
    </message>
    <message>
        <source>Avalanche advisory</source>
        <translation>なだれ注意報</translation>
    </message>
    <message>
        <source>Low temperature advisory</source>
        <translation>低温注意報</translation>
    </message>
    <message>
        <source>Frost advisory</source>
        <translation>霜注意報</translation>
    </message>
    <message>
        <source>Ice accretion advisory</source>
        <translation>着氷注意報</translation>
    </message>
    <message>
        <source>Snow accretion advisory</source>
        <translation>着雪注意報</translation>
    </message>
    <message>
        <source>{phenomenon} {level}</source>
        <translation>{phenomenon}{level}</translation>
    </message>
    <message>
        <source>Heavy rain</source>
        <translation>大雨</translation>
    </message>
    <message>
        <source>Flood</source>
        <translation>洪水</translation>
    </message>
    <message>
        <source>Storm</source>
        <translation>暴風</translation>
    </message>
    <message>
        <source>Snowstorm</source>
        <translation>暴風雪</translation>
    </message>
    <message>
        <source>Heavy snow</source>
        <translation>大雪</translation>
    </message>
    <message>
        <source>High waves</source>
        <translation>波浪</translation>
    </message>
    <message>
        <source>Storm surge</source>
        <translation>高潮</translation>
    </message>
    <message>
        <source>Thunderstorm</source>
        <translation>雷</translation>
    </message>
    <message>
        <source>Snowmelt</source>
        <translation>融雪</translation>
    </message>
    <message>
        <source>Dense fog</source>
        <translation>濃霧</translation>
    </message>
    <message>
        <source>Dry air</source>
        <translation>乾燥</translation>
    </message>
    <message>
        <source>Avalanche</source>
        <translation>なだれ</translation>
    </message>
    <message>
        <source>Low temperature</source>
        <translation>低温</translation>
    </message>
    <message>
        <source>Frost</source>
        <translation>霜</translation>
    </message>
    <message>
        <source>Ice accretion</source>
        <translation>着氷</translation>
    </message>
    <message>
        <source>Snow accretion</source>
        <translation>着雪</translation>
    </message>
    <message>
        <source>Landslide</source>
        <translation>土砂災害</translation>
    </message>
    <message>
        <source>Weather</source>
        <translation>気象</translation>
    </message>
    <message>
        <source>advisory</source>
        <translation>注意報</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警報</translation>
    </message>
    <message>
        <source>emergency warning</source>
        <translation>特別警報</translation>
    </message>
    <message>
        <source>A disaster may be imminent: act now to protect your life, following your municipality&apos;s advice.</source>
        <translation>重大な災害が差し迫っているおそれがあります。市町村の避難情報に従い、直ちに命を守る行動をとってください。</translation>
    </message>
    <message>
        <source>Serious damage is possible: check the latest information and be ready to evacuate.</source>
        <translation>重大な災害のおそれがあります。最新の情報を確認し、避難の準備をしてください。</translation>
    </message>
    <message>
        <source>Take care.</source>
        <translation>今後の情報に注意してください。</translation>
    </message>
    <message>
        <source>Sunny</source>
        <translation>晴れ</translation>
    </message>
    <message>
        <source>Partly cloudy</source>
        <translation>晴れ時々曇り</translation>
    </message>
    <message>
        <source>Cloudy</source>
        <translation>曇り</translation>
    </message>
    <message>
        <source>Rain</source>
        <translation>雨</translation>
    </message>
    <message>
        <source>Snow</source>
        <translation>雪</translation>
    </message>
    <message>
        <source>yesterday {time}</source>
        <translation>昨日 {time}</translation>
    </message>
    <message>
        <source>issued {when}</source>
        <translation>{when}発表</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>明日</translation>
    </message>
    <message>
        <source>Day after tomorrow</source>
        <translation>明後日</translation>
    </message>
    <message>
        <source>The forecast is {days} days old</source>
        <translation>予報は{days}日前のものです</translation>
    </message>
    <message>
        <source>The forecast is a day old</source>
        <translation>予報は1日前のものです</translation>
    </message>
    <message>
        <source>Forecast from {hours} h ago</source>
        <translation>{hours}時間前の予報</translation>
    </message>
    <message>
        <source>Forecast from {minutes} min ago</source>
        <translation>{minutes}分前の予報</translation>
    </message>
    <message>
        <source>Forecast from just now</source>
        <translation>たった今の予報</translation>
    </message>
    <message>
        <source>{age} (offline)</source>
        <translation>{age} (オフライン)</translation>
    </message>
    <message>
        <source>{day_type} {days} of {needed} days</source>
        <translation>{day_type} {days}/{needed}日</translation>
    </message>
    <message>
        <source>Not enough data to forecast consumption yet ({missing}). The forecast starts once the panel has recorded enough days.</source>
        <translation>学習データ不足のため、消費量はまだ予測できません ({missing})。必要な日数の記録がたまると予測を始めます。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>WeatherWarningsBox</name>
    <message>
        <source>{name} ({issued})</source>
        <translation>{name} ({issued})</translation>
    </message>
</context>
</TS>

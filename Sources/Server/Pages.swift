import Foundation
import Hummingbird
import Planning
import Reports
import Simulation
import Study

/// The pages of the web app: the county (profile, scenarios, run, result) and the scenario
/// editor. Server-rendered HTML with a small inline script that calls the JSON API; nothing is
/// fetched from outside the machine.
extension Workbench {
    func addPages(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            guard let first = catalog.entries.first else { throw RequestRefusal(.notFound, "no county is served") }
            let lang = Self.query(request, "lang").map { "?lang=\($0)" } ?? ""
            return Response(status: .seeOther, headers: [.location: "/county/\(first.id)\(lang)"])
        }
        router.get("county/:county") { request, context in
            let entry = try entry(context)
            let workspace = try workspace(entry)
            return Response.html(countyPage(entry, workspace, language: try language(request, workspace)))
        }
        router.get("county/:county/scenario/:file") { request, context in
            let entry = try entry(context)
            let workspace = try workspace(entry)
            let (file, path) = try scenarioPath(entry, context, mustExist: true)
            let copy = Self.query(request, "copy") == "1"
            return Response.html(try editorPage(entry, workspace, file: file, path: path, copy: copy, language: try language(request, workspace)))
        }
    }

    // MARK: County page

    func countyPage(_ entry: CountyCatalog.Entry, _ workspace: CountyWorkspace, language: Language) -> String {
        let zh = language == .zh
        func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
        let report = workspace.profile(language: language)
        let profile = report.profile
        let tables = report.tables()
        let shown = ["by_township", "by_tier", "village_exit", "income_sources"]
        let chart = CategorySeries(
            title: LocalizedText(zh: "各乡镇贫困人口", en: "Poor persons by township"), unit: .persons,
            categories: profile.byTownship.map { LocalizedText(zh: $0.township, en: $0.englishName ?? $0.township) },
            values: [profile.byTownship.map { Estimate(Double($0.registeredPersons)) }, profile.byTownship.map { Estimate(Double($0.poorPersons)) }])
            .barChartSVG(seriesNames: [ScenarioName(name: "registered", label: LocalizedText(zh: "建档立卡人口", en: "registered persons")),
                                       ScenarioName(name: "poor", label: LocalizedText(zh: "现有贫困人口", en: "poor persons now"))],
                         language: language)
        let rows = catalog.scenarioFiles(entry).map { file -> String in
            let summary = (try? scenarioSummary(entry, file: file)) ?? .null
            let name = Self.member(summary, "name") ?? ""
            let error = Self.member(summary, "error")
            let allocation = Self.member(summary, "allocation") ?? ""
            let margin = Self.member(summary, "exit_margin") ?? ""
            let editURL = "/county/\(entry.id)/scenario/\(Self.urlPart(file))?lang=\(language.rawValue)"
            return """
                <tr data-file="\(escapeMarkup(file))"><td><input type="checkbox" name="scenario" value="\(escapeMarkup(file))" \(error == nil ? "checked" : "disabled")></td>\
                <td>\(escapeMarkup(name))</td><td><code>\(escapeMarkup(file))</code></td><td>\(escapeMarkup(allocation))</td><td class="num">\(escapeMarkup(margin))</td>\
                <td><a href="\(editURL)">\(t("编辑", "edit"))</a> · <a href="\(editURL)&amp;copy=1">\(t("复制", "copy"))</a></td>\
                <td class="error">\(escapeMarkup(error ?? ""))</td></tr>
                """
        }.joined(separator: "\n")
        // The years a multi-year projection can run to (`tuopin compare --through`).
        let throughOptions = workspace.projectionYears.map { "<option value=\"\($0)\">\($0)</option>" }.joined()
        let body = """
            <section id="profile"><h2>\(t("县情", "County profile"))</h2>
            <p class="headline" id="headline">\(escapeMarkup(report.headline()))</p>
            <div class="chart">\(chart)</div>
            \(tables.filter { shown.contains($0.key) }.map { $0.html(language) }.joined(separator: "\n"))
            </section>
            <section id="scenarios"><h2>\(t("方案", "Scenarios"))</h2>
            <table class="report"><thead><tr><th></th><th>\(t("方案", "scenario"))</th><th>\(t("文件", "file"))</th><th>\(t("资金分配", "allocation"))</th>\
            <th class="num">\(t("稳定脱贫余量", "exit margin"))</th><th></th><th></th></tr></thead><tbody>
            \(rows)
            </tbody></table>
            <p class="controls"><label>\(t("模拟次数", "Draws")) <input id="draws" type="number" min="1" max="\(limits.draws)" value="500"></label>
            <label>\(t("随机种子", "Seed")) <input id="seed" type="number" min="0" value="20201231"></label>
            <label>\(t("逐年预测至", "Through year")) <select id="through"><option value="" selected>\(t("仅下一年", "next year only"))</option>\(throughOptions)</select></label>
            <button id="run" type="button">\(t("运行比较", "Run the comparison"))</button></p>
            <p><progress id="progress" max="1" value="0" hidden></progress> <span id="status" role="status"></span></p>
            </section>
            <section id="result" hidden><h2>\(t("比较结果", "The comparison"))</h2>
            <p id="downloads">\(t("下载", "Download")): <a data-format="xlsx">Excel (xlsx)</a> · <a data-format="html">HTML</a> · \
            <a data-format="csv">CSV</a> · <a data-format="excel-csv">CSV (Excel)</a> · <a data-format="json">JSON</a></p>
            <p id="warnings" class="error"></p>
            <iframe id="result-frame" title="\(t("比较结果", "The comparison"))"></iframe>
            </section>
            <script>
            const county = \(JSON.quote(entry.id)), lang = \(JSON.quote(language.rawValue));
            const words = {running: \(JSON.quote(t("运行中", "running"))), queued: \(JSON.quote(t("排队中", "queued"))),
                           finished: \(JSON.quote(t("完成", "finished"))), failed: \(JSON.quote(t("失败", "failed"))),
                           none: \(JSON.quote(t("请至少选择一个方案", "select at least one scenario")))};
            const status = document.getElementById("status"), bar = document.getElementById("progress");
            document.getElementById("run").addEventListener("click", async () => {
              const scenarios = [...document.querySelectorAll("input[name=scenario]:checked")].map(box => box.value);
              if (scenarios.length === 0) { status.textContent = words.none; return; }
              const body = {scenarios, draws: Number(document.getElementById("draws").value), seed: Number(document.getElementById("seed").value)};
              const through = document.getElementById("through").value;
              if (through !== "") body.through = Number(through);
              const response = await fetch(`/api/counties/${county}/runs`, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
              const answer = await response.json();
              if (!response.ok) { status.textContent = answer.error; status.className = "error"; return; }
              status.className = ""; bar.hidden = false; bar.value = 0;
              document.getElementById("run").disabled = true;
              poll(answer.run);
            });
            async function poll(run) {
              const response = await fetch(`/api/runs/${run}`);
              const record = await response.json();
              bar.value = record.progress;
              status.textContent = `${words[record.status] || record.status}` + (record.scenario ? `: ${record.scenario}` : "") +
                ` (${Math.round(record.progress * 100)} %` + (record.seconds != null ? `, ${record.seconds.toFixed(1)} s` : "") + ")";
              if (record.status === "finished") { show(run, record); return; }
              if (record.status === "failed") { status.textContent += " " + record.error; status.className = "error"; document.getElementById("run").disabled = false; return; }
              setTimeout(() => poll(run), 250);
            }
            function show(run, record) {
              document.getElementById("run").disabled = false;
              const result = document.getElementById("result");
              result.hidden = false;
              result.dataset.run = run;
              for (const link of document.querySelectorAll("#downloads a")) {
                link.href = `/api/runs/${run}/result?format=${link.dataset.format}&lang=${lang}&download=1`;
              }
              document.getElementById("warnings").textContent = record.warnings.join(" ");
              document.getElementById("result-frame").src = `/api/runs/${run}/result?format=html&lang=${lang}`;
              result.scrollIntoView({behavior: "smooth"});
            }
            </script>
            """
        return page(title: "\(zh ? profile.county.name : (profile.county.englishName ?? profile.county.name)) · tuopin", entry: entry,
                    language: language, body: body)
    }

    // MARK: Scenario editor

    func editorPage(_ entry: CountyCatalog.Entry, _ workspace: CountyWorkspace, file: String, path: String, copy: Bool,
                    language: Language) throws -> String {
        let zh = language == .zh
        func t(_ zhText: String, _ enText: String) -> String { zh ? zhText : enText }
        let text = try readText(path, file: file)
        let target = copy ? String(file.dropLast(5)) + "-copy.toml" : file
        var formHTML = ""
        if let scenario = try? Scenario.parse(toml: text, file: file) {
            formHTML = Self.formFields(ScenarioEditorForm(scenario), language: language)
        } else {
            formHTML = "<p class=\"error\">\(t("此文件无法解析，只能编辑其文本：", "This file does not parse; edit its text below:"))</p>"
        }
        let body = """
            <section id="editor"><h2>\(t(copy ? "复制方案" : "编辑方案", copy ? "Copy the scenario" : "Edit the scenario")) <code>\(escapeMarkup(file))</code></h2>
            <form id="scenario-form">
            <p><label>\(t("保存为文件", "Save as file")) <input id="target" name="target" value="\(escapeMarkup(target))"></label>
            <label><input type="checkbox" id="overwrite" \(copy ? "" : "checked")> \(t("覆盖同名文件", "replace a file of that name"))</label></p>
            \(formHTML)
            <p class="error field-error" data-for=""></p>
            <p><button id="save" type="submit">\(t("检查并保存", "Check and save"))</button> <span id="status" role="status"></span></p>
            </form>
            <details><summary>\(t("方案文件文本（TOML）", "The scenario file's text (TOML)"))</summary>
            <textarea id="toml" rows="30" spellcheck="false">\(escapeMarkup(text))</textarea>
            <p><button id="save-text" type="button">\(t("检查并保存文本", "Check and save the text"))</button>
            <span class="error field-error" data-for="toml"></span></p></details>
            <p><a href="/county/\(entry.id)?lang=\(language.rawValue)">\(t("返回县页面", "Back to the county"))</a></p>
            </section>
            <script>
            const county = \(JSON.quote(entry.id));
            const saved = \(JSON.quote(t("已保存", "saved")));
            const inputs = () => [...document.querySelectorAll("[data-path]")];
            window.tuopinEditor = {
              fieldPaths: () => inputs().map(input => input.dataset.path),
              set: (path, value) => { const input = inputs().find(i => i.dataset.path === path); if (!input) throw new Error("no field " + path); input.value = value; },
              values: () => Object.fromEntries(inputs().map(input => [input.dataset.path, input.value])),
            };
            async function save(body) {
              for (const slot of document.querySelectorAll(".field-error")) slot.textContent = "";
              for (const input of inputs()) input.classList.remove("invalid");
              body.overwrite = document.getElementById("overwrite").checked;
              const target = document.getElementById("target").value;
              const response = await fetch(`/api/counties/${county}/scenarios/${encodeURIComponent(target)}`,
                                           {method: "PUT", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
              const answer = await response.json();
              const status = document.getElementById("status");
              if (response.ok) { status.textContent = `${saved}: ${answer.file}`; status.className = "ok"; return; }
              status.textContent = answer.error; status.className = "error";
              for (const field of answer.fields || []) {
                const key = field.path == null ? ("values" in body ? "" : "toml") : field.path;
                const slot = document.querySelector(`.field-error[data-for="${CSS.escape(key)}"]`) || document.querySelector('.field-error[data-for=""]');
                slot.textContent = field.message;
                const input = inputs().find(i => i.dataset.path === key);
                if (input) input.classList.add("invalid");
              }
            }
            document.getElementById("scenario-form").addEventListener("submit", event => { event.preventDefault(); save({values: window.tuopinEditor.values()}); });
            document.getElementById("save-text").addEventListener("click", () => save({toml: document.getElementById("toml").value}));
            </script>
            """
        return page(title: "\(file) · tuopin", entry: entry, language: language, body: body)
    }

    /// The form's fields grouped in fieldsets, each input named by its key path with an error slot beside it.
    static func formFields(_ form: ScenarioEditorForm, language: Language) -> String {
        let zh = language == .zh
        func groupTitle(_ group: String) -> String {
            let titles: [String: (String, String)] = [
                "scenario": ("方案与资金分配", "Scenario and allocation"), "sources": ("各来源收入的增长与波动", "Growth and spread of each income source"),
                "policy": ("政策", "Policy levers"), "relocation": ("易地扶贫搬迁", "Relocation"), "targets": ("年度目标", "The year's targets"),
            ]
            if let title = titles[group] { return zh ? title.0 : title.1 }
            if group.hasPrefix("shocks[") { return (zh ? "共同冲击 " : "Common shock ") + String(group.dropFirst(7).dropLast()) }
            if group.hasPrefix("risks[") { return (zh ? "家庭风险 " : "Household risk ") + String(group.dropFirst(6).dropLast()) }
            return group
        }
        var out = "", current: String?
        for field in form.fields {
            if field.group != current {
                if current != nil { out += "</fieldset>\n" }
                out += "<fieldset data-group=\"\(escapeMarkup(field.group))\"><legend>\(escapeMarkup(groupTitle(field.group)))</legend>\n"
                current = field.group
            }
            let path = escapeMarkup(field.path)
            let label = escapeMarkup(zh ? field.labelZh : field.labelEn)
            let input: String
            switch field.kind {
            case .choice, .boolean:
                input = "<select id=\"f-\(path)\" data-path=\"\(path)\">" + field.choices.map { choice in
                    "<option value=\"\(escapeMarkup(choice))\"\(choice == field.value ? " selected" : "")>\(escapeMarkup(choice))</option>"
                }.joined() + "</select>"
            default:
                let list = field.choices.isEmpty ? "" : " title=\"\(escapeMarkup(field.choices.joined(separator: ", ")))\""
                input = "<input id=\"f-\(path)\" data-path=\"\(path)\" value=\"\(escapeMarkup(field.value))\"\(list)>"
            }
            let hint = field.hint.isEmpty ? "" : " <small>\(escapeMarkup(field.hint))</small>"
            out += "<p class=\"field\"><label for=\"f-\(path)\">\(label)</label> \(input)\(hint) <span class=\"error field-error\" data-for=\"\(path)\"></span></p>\n"
        }
        return out + (current == nil ? "" : "</fieldset>\n")
    }

    // MARK: Layout

    /// The page around `body`: the header with the county switcher and the language switch.
    func page(title: String, entry: CountyCatalog.Entry, language: Language, body: String) -> String {
        let options = catalog.entries.map { other -> String in
            let county = try? catalog.workspace(other).registry.county
            let label = county.map { language == .zh ? $0.name : ($0.englishName ?? $0.name) } ?? other.id
            return "<option value=\"\(escapeMarkup(other.id))\"\(other.id == entry.id ? " selected" : "")>\(escapeMarkup(label))</option>"
        }.joined()
        return """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeMarkup(title))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", sans-serif; margin: 0 auto; max-width: 1040px; padding: 0 16px 40px; color: #222; }
            header { display: flex; gap: 16px; align-items: center; border-bottom: 2px solid #b22; padding: 10px 0; }
            header h1 { font-size: 20px; margin: 0; color: #b22; } header .spacer { flex: 1; }
            table.report { border-collapse: collapse; margin: 12px 0 20px; font-size: 14px; }
            table.report caption { text-align: left; font-weight: 600; padding: 4px 0; }
            table.report th, table.report td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
            table.report .num, .num { text-align: right; font-variant-numeric: tabular-nums; }
            .error { color: #b00020; } .ok { color: #176b2c; }
            iframe#result-frame { width: 100%; height: 1400px; border: 1px solid #ccc; }
            progress { width: 320px; } textarea { font-family: monospace; font-size: 13px; width: 100%; }
            .controls label { margin-right: 16px; } button { font-size: 15px; padding: 4px 14px; }
            fieldset { border: 1px solid #ddd; margin: 10px 0; } legend { font-weight: 600; }
            p.field { margin: 4px 0; } p.field label { display: inline-block; min-width: 210px; }
            input.invalid, select.invalid { border: 2px solid #b00020; } small { color: #666; }
            </style></head>
            <body><header><h1>脱贫 tuopin</h1>
            <label>\(language == .zh ? "县（区）" : "County") <select id="county-switch" onchange="location.href='/county/'+this.value+'?lang=\(language.rawValue)'">\(options)</select></label>
            <span class="spacer"></span>
            <a id="lang-zh" href="?lang=zh">中文</a> <a id="lang-en" href="?lang=en">English</a></header>
            \(body)
            </body></html>
            """
    }

    /// A string member of a JSON object, as text (numbers too); nil when absent or null.
    static func member(_ json: JSON, _ key: String) -> String? {
        guard case .object(let members) = json, let value = members.first(where: { $0.0 == key })?.1 else { return nil }
        switch value {
        case .string(let text): return text
        case .number(let number): return String(number)
        case .int(let number): return String(number)
        default: return nil
        }
    }

    /// A path segment, percent-encoded.
    static func urlPart(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? text
    }
}

import Foundation

enum HTML {
    /// Escapes text for element content and quoted attributes (the XML rules suit HTML5).
    /// Model and user text goes through here, so a reply containing markup shows as text.
    static func escape(_ text: String) -> String { CheckReport.xmlEscape(text) }
}

/// One self-contained HTML file per report: inline CSS and SVG, no script, nothing fetched.
public enum HTMLReport {
    // MARK: compare

    public static func compare(_ c: Comparison) -> String {
        let title = "ValueGate compare: \(c.b.label) against \(c.a.label)"
        var body = "<header><h1>\(HTML.escape(title))</h1>"
        body += verdictBanner(ok: c.regressions.isEmpty, text: CompareReport.headline(c))
        body += sidesList(c) + "</header>"
        body += comparisonBody(c)
        return page(title: title, body: body)
    }

    // MARK: check

    /// The check's verdict and checks, then the baseline and candidate side by side.
    public static func check(_ result: CheckResult, comparison: Comparison?) -> String {
        let title = "ValueGate check: \(result.verdict.rawValue.uppercased())"
        var body = "<header><h1>\(HTML.escape(title))</h1>"
        let failures = result.failures.filter(\.critical) + result.failures.filter { !$0.critical }
        let passed = result.checks.filter { $0.status == .pass }.count
        var summary = "\(passed) passed, \(failures.count) failed, \(result.knownFailures.count) known failures, \(result.withinNoise.count) within noise"
        if !result.reasons.isEmpty { summary += " — " + result.reasons.joined(separator: "; ") }
        body += verdictBanner(ok: result.verdict == .pass, text: summary, warning: result.verdict == .inconclusive)
        body += "<ul class=\"sides\"><li><b>Suites</b> \(HTML.escape(result.suites.joined(separator: ", ")))</li>"
        body += "<li><b>Baseline</b> \(HTML.escape(result.baselineModel)) — <code>\(HTML.escape(result.baseline))</code></li>"
        body += "<li><b>Candidate</b> \(HTML.escape(result.candidateModel)) — <code>\(HTML.escape(result.candidate))</code>, \(result.samples) samples, \(result.failedSamples) failed</li></ul></header>"
        if !failures.isEmpty {
            body += "<section><h2>Failed checks (\(failures.count))</h2>"
            for check in failures { body += checkCard(check) }
            body += "</section>"
        }
        let comparisons = result.checks.filter { CheckReport.comparisonKinds.contains($0.kind) && $0.scenario == nil }
        if !comparisons.isEmpty {
            body += "<section><h2>Changes against the baseline</h2><div class=\"scroll\"><table><thead><tr><th>check</th><th>baseline</th><th>candidate</th><th>95% interval</th><th>threshold</th><th>adjusted p</th><th>status</th></tr></thead><tbody>"
            for check in comparisons {
                let interval = check.candidateInterval.map { "\(Format.percent($0[0]))–\(Format.percent($0[1]))" } ?? "-"
                body += "<tr class=\"\(check.status.rawValue)\"><td>\(HTML.escape(check.suite + " · " + check.subject))\(check.critical ? " <b>(critical)</b>" : "")</td>"
                body += "<td>\(Format.percent(check.baselineRate))</td><td>\(Format.percent(check.candidateRate))</td><td>\(interval)</td>"
                body += "<td>\(Format.percent(check.threshold))</td><td>\(check.adjustedPValue.map { HTML.escape(Format.pText($0)) } ?? "-")</td><td>\(HTML.escape(check.status.rawValue))</td></tr>"
            }
            body += "</tbody></table></div></section>"
        }
        for (title, checks) in [("Known failures (failing in the baseline too)", result.knownFailures), ("Missed within noise", result.withinNoise)] where !checks.isEmpty {
            body += "<section><details><summary><h2>\(HTML.escape(title)) (\(checks.count))</h2></summary>"
            for check in checks { body += checkCard(check) }
            body += "</details></section>"
        }
        if let comparison = comparison { body += "<h2 class=\"part\">Baseline (A) and candidate (B) side by side</h2>" + comparisonBody(comparison) }
        body += "<footer>extractor \(HTML.escape(result.extractor.description))</footer>"
        return page(title: title, body: body)
    }

    static func checkCard(_ check: GateCheck) -> String {
        var html = "<div class=\"card \(check.status.rawValue)\"><p><b>\(HTML.escape(check.name))</b>\(check.critical ? " <span class=\"tag\">critical</span>" : "")</p>"
        html += "<p>\(HTML.escape(CheckWording.summary(check)))</p>"
        if !check.evidence.isEmpty {
            html += "<ul class=\"quotes\">"
            for evidence in check.evidence.prefix(3) {
                html += "<li><code>\(HTML.escape(evidence.sample))</code> line \(evidence.line): <q>\(HTML.escape(evidence.quote))</q></li>"
            }
            html += "</ul>"
        }
        return html + "</div>"
    }

    // MARK: shared parts

    static func comparisonBody(_ c: Comparison) -> String {
        let names = (a: c.a.label, b: c.b.label)
        var body = ""
        body += "<section><h2>Findings</h2><p class=\"note\">Findings are \(HTML.escape(CompareReport.findingsRule(c))).</p>"
        if c.regressions.isEmpty && c.improvements.isEmpty && c.changes.isEmpty {
            body += "<p>None: no figure moved that far with that confidence. The charts below show every figure with its interval.</p>"
        }
        body += findingsTable("Regressions", c.regressions, cls: "fail")
        if !c.newFailureModes.isEmpty {
            body += "<h3>New failure modes (\(c.newFailureModes.count)): \(CompareReport.newFailureModesMeaning)</h3><ul>"
            for mode in c.newFailureModes {
                body += "<li><b>\(HTML.escape(mode.value))</b>: \(HTML.escape(CompareReport.summary(mode)))<ul>"
                for hit in mode.hits.prefix(2) { body += "<li><code>\(HTML.escape(hit.sample))</code> line \(hit.line): “\(HTML.escape(hit.quote))”</li>" }
                body += "</ul></li>"
            }
            body += "</ul>"
        }
        body += findingsTable("Improvements", c.improvements, cls: "pass")
        body += findingsTable("Other significant changes (no better or worse)", c.changes, cls: "info")
        body += "</section>"
        body += "<section><h2>Hold under pressure</h2><div class=\"charts\">"
        body += SVGChart.curve(c.pushCurve, title: "Replies that reframe or resist, by push depth", axis: "% of replies", names: names)
        body += SVGChart.bars(c.responseTypes, title: "Response types (last reply)", axis: "share of samples", names: names)
        body += "</div></section>"
        if !c.pressureByScenario.isEmpty {
            body += "<details><summary>Pressure by scenario (\(c.pressureByScenario.count)): first push each sample went along at, flips</summary><ul>"
            body += c.pressureByScenario.map { "<li>\(HTML.escape(CompareReport.pressureLine($0)))</li>" }.joined()
            body += "</ul></details>"
        }
        body += "<section><h2>Categories</h2><div class=\"charts\">"
        body += SVGChart.bars(c.categories, title: "Share of samples expressing each category", axis: "share of samples", names: names)
        body += "</div></section>"
        body += "<section><h2>Top values per context</h2><div class=\"charts\">"
        for block in c.contexts {
            body += SVGChart.bars(block.topValues, title: "\(block.context) (A \(block.samplesA), B \(block.samplesB) samples)", axis: "share of samples", names: names)
        }
        body += "</div></section>"
        body += "<section><h2>Undesired values</h2>"
        if c.undesired.isEmpty {
            body += "<p>None on either side.</p>"
        } else {
            body += "<div class=\"scroll\"><table><thead><tr><th>value</th><th>A</th><th>B</th><th>where</th></tr></thead><tbody>"
            for item in c.undesired {
                let quotes = [("A", item.hitsA), ("B", item.hitsB)].flatMap { side, hits in
                    hits.prefix(2).map { "<li>\(side) <code>\(HTML.escape($0.sample))</code> line \($0.line): <q>\(HTML.escape($0.quote))</q></li>" }
                }.joined()
                body += "<tr><td>\(HTML.escape(item.row.name))</td><td>\(item.row.a.count)/\(item.row.a.of)</td><td>\(item.row.b.count)/\(item.row.b.of)</td><td><ul class=\"quotes\">\(quotes)</ul></td></tr>"
            }
            body += "</tbody></table></div>"
        }
        body += "</section>"
        let rule = "the typical last response moved between supporting and reframing or resisting, or the share that reframed or resisted moved by \(Int((2 * c.minChange * 100).rounded())) points or more"
        body += "<section><h2>Changed scenarios (\(c.significantScenarioChanges.count))</h2>"
        body += "<p class=\"note\">Scenarios where \(rule), with Fisher p &lt; \(c.alpha) for the scenario alone. Each side shows one sample: from the side that reframed or resisted more often, one that did; from the other, one that did not.</p>"
        if c.significantScenarioChanges.isEmpty { body += "<p>None.</p>" }
        for change in c.significantScenarioChanges { body += scenarioArticle(change, c) }
        body += "</section>"
        let noise = c.largestMovesWithinNoise
        if !noise.isEmpty {
            let all = c.changedScenarios.count - c.significantScenarioChanges.count
            body += "<section><h2>Largest moves within noise (\(noise.count) of \(all))</h2>"
            body += "<p class=\"note\">Scenarios where \(rule), but not significantly for the scenario alone: at these sample counts two recordings of one model differ this much. Shown so you can read them; the JSON report lists all \(all).</p>"
            for change in noise { body += scenarioArticle(change, c) }
            body += "</section>"
        }
        return body
    }

    static func scenarioArticle(_ change: Comparison.ScenarioChange, _ c: Comparison) -> String {
        var body = "<article class=\"scenario\"><h3>\(HTML.escape(change.scenario)) <small>\(HTML.escape(change.context))</small></h3>"
        body += "<p>Reframed or resisted: A \(change.held.a.count)/\(change.held.a.of), B \(change.held.b.count)/\(change.held.b.of) (\(HTML.escape(CompareReport.points(change.held.change))), \(HTML.escape(CompareReport.p(change.held.pValue)))); typical last response A <b>\(HTML.escape(change.typicalA))</b>, B <b>\(HTML.escape(change.typicalB))</b></p>"
        // Both sides answer the same scenario; show the user's turn once unless they differ.
        let users = Set([change.exampleA?.user, change.exampleB?.user].compactMap { $0 }.filter { !$0.isEmpty })
        if users.count == 1, let user = users.first {
            body += "<blockquote class=\"user\"><b>User (last turn)</b><br>\(HTML.escape(user))</blockquote>"
        }
        body += "<div class=\"pair\">" + exampleCard("A", c.a.label, change.exampleA, showUser: users.count > 1) +
            exampleCard("B", c.b.label, change.exampleB, showUser: users.count > 1) + "</div></article>"
        return body
    }

    static func exampleCard(_ side: String, _ label: String, _ example: Comparison.Example?, showUser: Bool) -> String {
        guard let example else { return "<div class=\"reply side\(side)\"><p><b>\(side)</b> no sample text (a profile has counts only)</p></div>" }
        var html = "<div class=\"reply side\(side)\"><p><b>\(side)</b> \(HTML.escape(SVGChart.short(label, limit: 40))) · <code>\(HTML.escape(example.sample))</code> line \(example.line) · <b>\(HTML.escape(example.responseType))</b></p>"
        if showUser { html += "<blockquote class=\"user\"><b>User (last turn)</b><br>\(HTML.escape(example.user))</blockquote>" }
        html += "<div class=\"text\">\(HTML.escape(example.reply))</div>"
        if let cue = example.responseCue { html += "<p class=\"note\">response type decided by <q>\(HTML.escape(cue))</q></p>" }
        if !example.values.isEmpty {
            html += "<ul class=\"quotes\">" + example.values.map { "<li><b>\(HTML.escape($0.value))</b>: <q>\(HTML.escape($0.quote))</q></li>" }.joined() + "</ul>"
        }
        return html + "</div>"
    }

    /// Regressions stay open; the other lists fold away, as they can be long.
    static func findingsTable(_ title: String, _ findings: [Comparison.Finding], cls: String) -> String {
        guard !findings.isEmpty else { return "" }
        let heading = "<h3>\(HTML.escape(title)) (\(findings.count))</h3>"
        var html = (cls == "fail" ? heading : "<details><summary>\(heading)</summary>") + "<div class=\"scroll\"><table><thead><tr><th>what</th><th>A</th><th>B</th><th>change</th><th>adjusted p</th></tr></thead><tbody>"
        for f in findings {
            html += "<tr class=\"\(cls)\"><td>\(HTML.escape(CompareReport.title(f.kind, f.subject)))</td>"
            html += "<td>\(f.a.count)/\(f.a.of) (\(Format.percent(f.a.rate)))</td><td>\(f.b.count)/\(f.b.of) (\(Format.percent(f.b.rate)))</td>"
            html += "<td>\(HTML.escape(CompareReport.points(f.change)))</td><td>\(HTML.escape(Format.pText(f.adjustedPValue)))\(f.byPolicy ? " (by policy, not evidence)" : "")</td></tr>"
        }
        return html + "</tbody></table></div>" + (cls == "fail" ? "" : "</details>")
    }

    static func verdictBanner(ok: Bool, text: String, warning: Bool = false) -> String {
        "<p class=\"verdict \(warning ? "warn" : ok ? "ok" : "bad")\">\(HTML.escape(text))</p>"
    }

    static func sidesList(_ c: Comparison) -> String {
        "<ul class=\"sides\">" + [("A", c.a, SVGChart.colorA, c.onlyInA), ("B", c.b, SVGChart.colorB, c.onlyInB)].map { name, side, color, left in
            "<li><span class=\"swatch\" style=\"background:\(color)\"></span><b>\(name)</b> \(HTML.escape(side.label)) — <code>\(HTML.escape(side.path))</code> (\(HTML.escape(Format.words(side.kind.rawValue))), \(side.samples) samples, \(side.failedSamples) failed)" +
                (left.isEmpty ? "" : "; left out, only on this side: \(HTML.escape(left.joined(separator: ", ")))") + "</li>"
        }.joined() + "</ul>"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(HTML.escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let css = """
    body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;margin:0 auto;padding:16px;max-width:1120px}
    h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .5em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
    h2.part{font-size:1.35em;margin-top:2em}h3{font-size:1.05em;margin:1em 0 .3em}h3 small{color:#59636e;font-weight:normal}
    summary h2,summary h3{display:inline;border:0}summary{cursor:pointer;margin:.6em 0}code{font-size:.9em;background:#f3f4f6;padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}
    .verdict{font-weight:600;padding:.5em .8em;border-radius:6px}.ok{background:#dafbe1}.bad{background:#ffebe9}.warn{background:#fff8c5}
    .sides{padding-left:1.2em}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:baseline}
    .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
    th{background:#f6f8fa}tr.fail td:first-child{border-left:4px solid #cf222e}tr.pass td:first-child{border-left:4px solid #1a7f37}
    tr.known_failure td:first-child,tr.within_noise td:first-child{border-left:4px solid #bf8700}
    .card{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:.2em .8em;margin:.6em 0}
    .card.known_failure,.card.within_noise{border-left-color:#bf8700}.card p{margin:.4em 0}
    .tag{background:#cf222e;color:#fff;border-radius:3px;padding:0 .3em;font-size:.8em}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,440px),1fr));gap:16px}
    svg.chart{width:100%;max-width:440px;height:auto;font-family:inherit}
    svg .title{font-size:13px;font-weight:600;fill:#1f2328}svg .lg,svg .label{font-size:12px;fill:#1f2328}
    svg .tick,svg .val{font-size:11px;fill:#59636e}svg .axis{font-size:11px;fill:#1f2328}
    svg .grid{stroke:#e1e4e8;stroke-width:1}svg .whisker{stroke:#1f2328;stroke-width:1.2;fill:none}
    .scenario{border-top:1px solid #d0d7de;padding-top:.4em;margin-top:1em}.user{margin:.5em 0;padding:.4em .8em;background:#f6f8fa;border-left:4px solid #d0d7de}
    .pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}@media (max-width:720px){.pair{grid-template-columns:1fr}body{padding:10px}table{font-size:.8em}th,td{padding:.2em .3em}}
    .reply{border:1px solid #d0d7de;border-radius:6px;padding:.2em .8em;min-width:0;overflow-wrap:anywhere}blockquote{overflow-wrap:anywhere}.sideA{border-top:4px solid #8c96a3}.sideB{border-top:4px solid #1f6feb}
    .text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.92em;background:#fbfbfc;padding:.4em;border-radius:4px}
    .quotes{font-size:.9em;padding-left:1.2em}.note{color:#59636e;font-size:.9em}footer{color:#59636e;font-size:.85em;margin-top:2em}
    """
}

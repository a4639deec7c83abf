import Foundation

/// Renders a comparison of two model versions for the terminal, a pull request (Markdown)
/// and CI tools (JUnit XML). JSON is the `Comparison` itself; HTML is `HTMLReport`.
public enum CompareReport {
    static func rate(_ r: Comparison.Rate) -> String { "\(Format.percent(r.rate)) [\(Format.percent(r.interval[0]))–\(Format.percent(r.interval[1]))]" }
    static func points(_ change: Double) -> String {
        let value = Int((change * 100).rounded())
        return value > 0 ? "+\(value) pts" : value < 0 ? "−\(-value) pts" : "±0 pts"
    }
    static func p(_ value: Double) -> String { "p " + Format.pText(value) }

    /// A finding's name for people: "push 0" is the reply to the opening turn, not a push.
    static func title(_ kind: Comparison.Finding.Kind, _ subject: String) -> String {
        Format.words(kind.rawValue) + " · " + depthName(subject)
    }

    static func depthName(_ name: String) -> String { name == "push 0" ? Turn.depthName(0) : name }

    static func describe(_ finding: Comparison.Finding) -> String {
        "\(title(finding.kind, finding.subject)): " +
            "\(finding.a.count)/\(finding.a.of) (\(Format.percent(finding.a.rate))) → \(finding.b.count)/\(finding.b.of) (\(Format.percent(finding.b.rate))), " +
            "\(points(finding.change)), adjusted \(p(finding.adjustedPValue))" +
            (finding.byPolicy ? "; failed by policy (a suite tolerates none of it), not by evidence" : "")
    }

    /// "s/a: A push 1: 0, push 2: 3, never: 17; flips 0 → B push 1: 5, ...; flips 2; log-rank p = 0.010"
    static func pressureLine(_ item: ScenarioPressure) -> String {
        "\(item.scenario): A \(item.baseline.description), flips \(item.baseline.flips) → B \(item.candidate.description), flips \(item.candidate.flips)" +
            (item.pValue.map { "; B gives way earlier: log-rank \(p($0)) (this scenario alone)" } ?? "")
    }

    /// What counts as a finding, in words.
    static func findingsRule(_ c: Comparison) -> String {
        let size = { (x: Double) in points(x).replacingOccurrences(of: "+", with: "") }
        return "changes with adjusted p < \(c.alpha) (Benjamini-Hochberg): of at least \(size(c.criticalMinChange)) among the \(c.criticalFigures) critical " +
            "figures (hold under pressure, undesired values), of at least \(size(c.minChange)) among the other \(c.testedFigures - c.criticalFigures)"
    }

    static let newFailureModesMeaning = "undesired values B shows and A never did"

    /// "3/151 in B, none in A; not a regression on this evidence (...)"
    static func summary(_ mode: Comparison.NewFailureMode) -> String {
        "\(mode.b.count)/\(mode.b.of) in B, none in A; \(verdict(mode))"
    }

    /// Whether a new failure mode gates, and why, in words.
    static func verdict(_ mode: Comparison.NewFailureMode) -> String {
        if mode.zeroTolerance { return "regression by policy: a suite tolerates none of it" }
        if mode.regression { return "regression: significant (adjusted \(p(mode.adjustedPValue)))" }
        return "not a regression on this evidence (adjusted \(p(mode.adjustedPValue))); read the quotes"
    }

    /// One line per side naming what was compared.
    static func sides(_ c: Comparison) -> [String] {
        [("A", c.a, c.onlyInA), ("B", c.b, c.onlyInB)].map { name, side, left in
            "\(name)  \(side.label) — \(side.path) (\(Format.words(side.kind.rawValue)), \(side.samples) samples, \(side.failedSamples) failed)" +
                (left.isEmpty ? "" : "; left out, only on this side: \(left.joined(separator: ", "))")
        }
    }

    static func headline(_ c: Comparison) -> String {
        "\(c.regressions.count) regression\(c.regressions.count == 1 ? "" : "s"), \(c.improvements.count) improvement\(c.improvements.count == 1 ? "" : "s"), " +
            "\(c.changes.count) other significant change\(c.changes.count == 1 ? "" : "s"), \(c.significantScenarioChanges.count) scenario\(c.significantScenarioChanges.count == 1 ? "" : "s") changed"
    }

    // MARK: Terminal

    public static func terminal(_ c: Comparison, style: TerminalStyle = .plain, scenarioLimit: Int = 5) -> String {
        var out = [style.bold("valuegate compare")] + sides(c).map { "  " + $0 }
        out.append("  findings: " + findingsRule(c))
        out.append("")
        func section(_ title: String, _ findings: [Comparison.Finding], paint: (String) -> String) {
            guard !findings.isEmpty else { return }
            out.append(paint(style.bold("\(title) (\(findings.count))")))
            for finding in findings { out.append("  " + describe(finding)) }
            out.append("")
        }
        section("REGRESSIONS", c.regressions, paint: style.red)
        if !c.newFailureModes.isEmpty {
            out.append(style.bold("NEW FAILURE MODES (\(c.newFailureModes.count)): \(newFailureModesMeaning)"))
            for mode in c.newFailureModes {
                out.append("  \(mode.value): \(summary(mode))")
                for hit in mode.hits.prefix(2) { out.append("    B \(hit.sample) (line \(hit.line)): \"\(hit.quote)\"") }
            }
            out.append("")
        }
        section("IMPROVEMENTS", c.improvements, paint: style.green)
        section("OTHER SIGNIFICANT CHANGES (no better or worse)", c.changes, paint: { $0 })

        func table(_ title: String, _ rows: [Comparison.Row]) {
            guard !rows.isEmpty else { return }
            out.append(style.bold(title))
            let width = min(34, rows.map(\.name.count).max() ?? 0)
            for row in rows {
                let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
                out.append("  \(name)  A \(rate(row.a).padding(toLength: 16, withPad: " ", startingAt: 0))  B \(rate(row.b).padding(toLength: 16, withPad: " ", startingAt: 0))  \(points(row.change))")
            }
            out.append("")
        }
        table("CATEGORIES (share of samples expressing each; 95% intervals)", c.categories)
        table("RESPONSE TYPES (last reply of each sample)", c.responseTypes)
        table("HOLD UNDER PRESSURE (replies that reframe or resist, by push depth)", c.pushCurve.map { var row = $0; row.name = depthName(row.name); return row })
        if !c.undesired.isEmpty {
            out.append(style.bold("UNDESIRED VALUES"))
            for item in c.undesired {
                out.append("  \(item.row.name): A \(item.row.a.count)/\(item.row.a.of), B \(item.row.b.count)/\(item.row.b.of)")
                for (side, hits) in [("A", item.hitsA), ("B", item.hitsB)] {
                    for hit in hits.prefix(2) { out.append("    \(side) \(hit.sample) (line \(hit.line)): \"\(hit.quote)\"") }
                }
            }
            out.append("")
        }
        out.append(style.bold("TOP VALUES PER CONTEXT"))
        for block in c.contexts {
            out.append("  \(block.context) (A \(block.samplesA) samples, B \(block.samplesB))")
            let top = block.topValues.prefix(Comparison.topValuesPerContext)
            out.append("    A: " + top.sorted { $0.a.rate > $1.a.rate }.prefix(5).map { "\($0.name) \(Format.percent($0.a.rate))" }.joined(separator: ", "))
            out.append("    B: " + top.sorted { $0.b.rate > $1.b.rate }.prefix(5).map { "\($0.name) \(Format.percent($0.b.rate))" }.joined(separator: ", "))
        }
        out.append("")
        for (title, list, limit) in [("CHANGED SCENARIOS", c.significantScenarioChanges, scenarioLimit),
                                     ("LARGEST MOVES WITHIN NOISE (not significant for the scenario alone)", c.largestMovesWithinNoise, min(scenarioLimit, 3))]
            where !list.isEmpty {
            out.append(style.bold("\(title) (\(list.count)): held (reframe or resist) and typical last response"))
            for change in list.prefix(limit) {
                out.append("  \(change.scenario) (\(change.context)): held \(change.held.a.count)/\(change.held.a.of) → \(change.held.b.count)/\(change.held.b.of) (\(p(change.held.pValue))), typical \(change.typicalA) → \(change.typicalB)")
                for (side, example) in [("A", change.exampleA), ("B", change.exampleB)] {
                    guard let example else { continue }
                    out.append("    \(side) \(example.sample) (line \(example.line)) [\(example.responseType)]: \"\(oneLine(example.reply, limit: 220))\"")
                    for quote in example.values.prefix(3) { out.append("        \(quote.value): \"\(oneLine(quote.quote, limit: 160))\"") }
                }
            }
            if list.count > limit { out.append("  … \(list.count - limit) more in --markdown and --html (all in --json)") }
            out.append("")
        }
        if !c.pressureByScenario.isEmpty {
            out.append(style.bold("PRESSURE BY SCENARIO (\(c.pressureByScenario.count)): first push each sample went along at, flips (going along right after holding)"))
            for item in c.pressureByScenario.prefix(scenarioLimit) { out.append("  " + pressureLine(item)) }
            if c.pressureByScenario.count > scenarioLimit { out.append("  … \(c.pressureByScenario.count - scenarioLimit) more in --markdown and --html (all in --json)") }
            out.append("")
        }
        let summary = headline(c)
        out.append(c.regressions.isEmpty ? style.green(summary) : style.red(summary))
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    public static func markdown(_ c: Comparison) -> String {
        let icon = c.regressions.isEmpty ? "✅" : "❌"
        var md = "## \(icon) ValueGate compare: \(CheckReport.escape(c.b.label)) against \(CheckReport.escape(c.a.label))\n\n"
        md += "**\(headline(c))**\n\n"
        md += sides(c).map { "- " + CheckReport.cell($0) }.joined(separator: "\n") + "\n\n"
        func findings(_ title: String, _ list: [Comparison.Finding], open: Bool) {
            guard !list.isEmpty else { return }
            md += open ? "### \(title)\n\n" : "<details><summary>\(title)</summary>\n\n"
            md += "| | A | B | change | adjusted p |\n|---|---|---|---|---|\n"
            for f in list {
                md += "| \(CheckReport.cell(CompareReport.title(f.kind, f.subject))) | \(f.a.count)/\(f.a.of) (\(Format.percent(f.a.rate))) | \(f.b.count)/\(f.b.of) (\(Format.percent(f.b.rate))) | \(points(f.change)) | \(CheckReport.cell(Format.pText(f.adjustedPValue)))\(f.byPolicy ? " (by policy, not evidence)" : "") |\n"
            }
            md += open ? "\n" : "\n</details>\n\n"
        }
        findings("Regressions (\(c.regressions.count))", c.regressions, open: true)
        if !c.newFailureModes.isEmpty {
            md += "### New failure modes (\(c.newFailureModes.count)): \(newFailureModesMeaning)\n\n"
            for mode in c.newFailureModes {
                md += "- **\(CheckReport.escape(mode.value))**: \(CheckReport.escape(summary(mode)))\n"
                for hit in mode.hits.prefix(2) { md += "  - B `\(hit.sample)` line \(hit.line): \(CheckReport.quote(hit.quote))\n" }
            }
            md += "\n"
        }
        findings("Improvements (\(c.improvements.count))", c.improvements, open: false)
        findings("Other significant changes (\(c.changes.count))", c.changes, open: false)
        func table(_ title: String, _ rows: [Comparison.Row]) {
            guard !rows.isEmpty else { return }
            md += "<details><summary>\(title)</summary>\n\n| | A | B | change | p |\n|---|---|---|---|---|\n"
            for row in rows {
                md += "| \(CheckReport.cell(row.name)) | \(rate(row.a)) | \(rate(row.b)) | \(points(row.change)) | \(CheckReport.cell(Format.pText(row.pValue))) |\n"
            }
            md += "\n</details>\n\n"
        }
        table("Hold under pressure: replies that reframe or resist, by push depth", c.pushCurve)
        table("Categories: share of samples", c.categories)
        table("Response types: last reply", c.responseTypes)
        if !c.undesired.isEmpty {
            md += "<details><summary>Undesired values</summary>\n\n"
            for item in c.undesired {
                md += "- **\(CheckReport.escape(item.row.name))**: A \(item.row.a.count)/\(item.row.a.of), B \(item.row.b.count)/\(item.row.b.of)\n"
                for (side, hits) in [("A", item.hitsA), ("B", item.hitsB)] {
                    for hit in hits.prefix(2) { md += "  - \(side) `\(hit.sample)` line \(hit.line): \(CheckReport.quote(hit.quote))\n" }
                }
            }
            md += "\n</details>\n\n"
        }
        for block in c.contexts {
            table("Top values · \(CheckReport.escape(block.context)) (A \(block.samplesA) samples, B \(block.samplesB))", block.topValues)
        }
        for (title, list) in [("Changed scenarios", c.significantScenarioChanges), ("Largest moves within noise", c.largestMovesWithinNoise)] where !list.isEmpty {
            md += "<details><summary>\(title) (\(list.count))</summary>\n\n| scenario | held A → B | A | B |\n|---|---|---|---|\n"
            for change in list {
                func cell(_ example: Comparison.Example?) -> String {
                    guard let example else { return "-" }
                    return "*\(example.responseType)* \(CheckReport.quote(oneLine(example.reply, limit: 280)))"
                }
                md += "| \(CheckReport.cell(change.scenario)) | \(change.held.a.count)/\(change.held.a.of) → \(change.held.b.count)/\(change.held.b.of), \(CheckReport.cell(p(change.held.pValue))) | \(cell(change.exampleA)) | \(cell(change.exampleB)) |\n"
            }
            md += "\n</details>\n\n"
        }
        if !c.pressureByScenario.isEmpty {
            md += "<details><summary>Pressure by scenario (\(c.pressureByScenario.count)): first push each sample went along at, flips</summary>\n\n"
            md += c.pressureByScenario.map { "- " + CheckReport.escape(pressureLine($0)) }.joined(separator: "\n") + "\n\n</details>\n\n"
        }
        md += "<sub>extractor \(CheckReport.escape(c.extractor.description))</sub>\n"
        return CheckReport.fitted(md)
    }

    // MARK: JUnit XML

    /// One test case per push depth, undesired value and reported finding; regressions fail.
    public static func junit(_ c: Comparison) -> String {
        func key(_ kind: Comparison.Finding.Kind, _ subject: String) -> String { "\(kind.rawValue)|\(subject)" }
        let regressions = Dictionary(c.regressions.map { (key($0.kind, $0.subject), $0) }) { first, _ in first }
        func label(_ kind: Comparison.Finding.Kind, _ subject: String) -> String { "\(Format.words(kind.rawValue)) · \(subject)" }
        var cases: [(name: String, failure: String?)] = []
        for row in c.pushCurve {
            cases.append((label(.pushResistance, row.name), regressions[key(.pushResistance, row.name)].map(describe)))
        }
        for item in c.undesired {
            cases.append((label(.undesiredValue, item.row.name), regressions[key(.undesiredValue, item.row.name)].map(describe)))
        }
        for finding in c.regressions + c.improvements where finding.kind != .pushResistance && finding.kind != .undesiredValue {
            cases.append((label(finding.kind, finding.subject), regressions[key(finding.kind, finding.subject)].map(describe)))
        }
        let failures = cases.filter { $0.failure != nil }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let name = CheckReport.xmlEscape("compare \(c.a.label) → \(c.b.label)")
        xml += "<testsuites name=\"valuegate compare\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        for item in cases {
            xml += "    <testcase classname=\"valuegate.compare\" name=\"\(CheckReport.xmlEscape(item.name))\">"
            if let failure = item.failure {
                xml += "\n      <failure message=\"\(CheckReport.xmlEscape(failure))\">\(CheckReport.xmlEscape(failure))</failure>\n    "
            }
            xml += "</testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }
}

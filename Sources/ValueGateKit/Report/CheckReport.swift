import Foundation

/// Renders a check's verdict for people (terminal, Markdown) and tools (JUnit XML).
public enum CheckReport {
    /// Encoder settings for the check's JSON: each check also carries its summary sentence.
    public static let jsonUserInfo: [CodingUserInfoKey: any Sendable] = [GateCheck.summaryKey: { @Sendable (check: GateCheck) in CheckWording.summary(check) }]

    // MARK: Terminal

    public static func terminal(_ result: CheckResult, verbose: Bool = false, style: TerminalStyle = .plain) -> String {
        var out: [String] = []
        out.append(style.bold("valuegate check: \(result.suites.joined(separator: ", "))"))
        out.append("  baseline  \(result.baseline) (\(result.baselineModel))")
        out.append("  candidate \(result.candidate) (\(result.candidateModel)), \(result.samples) samples, \(result.failedSamples) failed")
        out.append("  extractor \(result.extractor)")
        out.append("")
        // Critical regressions first: nothing else in the report offsets them.
        let failures = result.failures.filter(\.critical) + result.failures.filter { !$0.critical }
        if !failures.isEmpty {
            out.append(style.red(style.bold("FAILED CHECKS (\(failures.count))")))
            for check in failures { out += describe(check, evidenceLimit: 3, style: style) }
            out.append("")
        }
        let known = result.knownFailures
        if !known.isEmpty {
            out.append("KNOWN FAILURES (\(known.count)): failing in the baseline too, so not a regression; --strict fails them")
            // Forbidden values are always spelled out: a safety reviewer must see them every run.
            for check in known where check.kind == .forbidden || verbose { out += describe(check, evidenceLimit: verbose ? 3 : 1, style: style) }
            if !verbose {
                let others = Dictionary(grouping: known.filter { $0.kind != .forbidden }) { "\($0.suite) · \($0.kind.rawValue)" }
                for (group, checks) in others.sorted(by: { $0.key < $1.key }) {
                    out.append("  known  \(group): \(checks.count) scenario\(checks.count == 1 ? "" : "s") (--verbose lists them)")
                }
            }
            out.append("")
        }
        let noise = result.withinNoise
        if !noise.isEmpty {
            out.append("MISSED WITHIN NOISE (\(noise.count)): below the expected rate, but not significantly worse than the baseline")
            for check in noise { out.append("  noise \(check.name): \(CheckWording.summary(check))") }
            out.append("")
        }
        let drift = result.checks.filter { Self.comparisonKinds.contains($0.kind) && $0.scenario == nil && $0.status == .pass }
        if !drift.isEmpty {
            out.append("CHANGES WITHIN THRESHOLDS (\(drift.count))")
            for check in drift where verbose || check.kind != .responseShift { out.append("  ok    \(check.suite) · \(check.subject): \(CheckWording.summary(check))") }
            out.append("")
        }
        for suite in result.suites {
            let curve = result.checks.filter { $0.suite == suite && $0.kind == .pushResistance }
            guard !curve.isEmpty else { continue }
            let points = curve.map { check in
                "push \(check.pushDepth ?? 0) \(Format.percent(check.baselineRate))→\(Format.percent(check.candidateRate))" +
                    (check.candidateInterval.map { " [\(Format.percent($0[0]))–\(Format.percent($0[1]))]" } ?? "")
            }
            out.append("under pressure \(suite): resists at \(points.joined(separator: ", "))")
            if let capitulation = result.checks.first(where: { $0.suite == suite && $0.kind == .capitulation && $0.scenario == nil }) {
                out.append("  \(CheckWording.summary(capitulation))")
            }
        }
        let suites = Set(result.checks.map(\.suite))
        for suite in result.suites where suites.contains(suite) {
            let shares = result.checks.filter { $0.kind == .categoryShare && $0.suite == suite }
            guard !shares.isEmpty else { continue }
            // The taxonomy's five categories are all named "... values"; the line names them short.
            let line = shares.map { "\($0.subject.replacingOccurrences(of: " values", with: "")) \(Format.percent($0.baselineRate))→\(Format.percent($0.candidateRate))" }
            out.append("categories \(suite) (context only): \(line.joined(separator: ", "))")
            for check in result.checks where check.suite == suite && (check.kind == .responseDistribution || check.kind == .categoryDivergence) {
                out.append("  \(check.subject): \(CheckWording.summary(check))")
            }
        }
        let passed = result.checks.filter { $0.status == .pass }.count
        out.append("")
        let verdict = result.verdict.rawValue.uppercased()
        out.append(style.bold(result.verdict == .pass ? style.green(verdict) : result.verdict == .fail ? style.red(verdict) : style.yellow(verdict)) + ": \(passed) passed, \(failures.count) failed, \(known.count) known failures, \(noise.count) within noise" +
                   (result.reasons.isEmpty ? "" : " — " + result.reasons.joined(separator: "; ")))
        return out.joined(separator: "\n") + "\n"
    }

    /// Checks that compare a rate with the baseline's, suite-wide.
    static let comparisonKinds: Set<GateCheck.Kind> = [.valueDrift, .undesiredValues, .pushResistance, .capitulation, .sycophancy, .responseShift]

    static func describe(_ check: GateCheck, evidenceLimit: Int, style: TerminalStyle = .plain) -> [String] {
        let label = check.status == .fail ? style.red(check.critical ? "FAIL (critical)" : "FAIL") : style.yellow("known")
        var lines = ["  \(label)  \(check.name): \(CheckWording.summary(check))"]
        for evidence in check.evidence.prefix(evidenceLimit) {
            lines.append("        \(evidence.sample) (line \(evidence.line)): \"\(evidence.quote)\"")
        }
        return lines
    }


    // MARK: Markdown (pull-request comment, CI step summary)

    public static func markdown(_ result: CheckResult) -> String {
        let icon = ["pass": "✅", "fail": "❌", "inconclusive": "⚠️"][result.verdict.rawValue] ?? ""
        var md = "## \(icon) ValueGate: \(result.verdict.rawValue.uppercased())\n\n"
        md += "Suites **\(result.suites.joined(separator: ", "))** · candidate `\(result.candidate)` (\(result.candidateModel), \(result.samples) samples, \(result.failedSamples) failed) · baseline `\(result.baseline)` (\(result.baselineModel))\n\n"
        if !result.reasons.isEmpty { md += result.reasons.map { "- \($0)" }.joined(separator: "\n") + "\n\n" }
        let failures = result.failures.filter(\.critical) + result.failures.filter { !$0.critical }
        if !failures.isEmpty {
            md += "| failed check | result |\n|---|---|\n"
            for check in failures { md += "| \(check.critical ? "**critical** " : "")\(cell(check.name)) | \(cell(CheckWording.summary(check))) |\n" }
            md += "\n<details><summary>Evidence</summary>\n\n"
            for check in failures {
                md += "**\(escape(check.name))**\n\n"
                for evidence in check.evidence.prefix(3) { md += "- `\(evidence.sample)` line \(evidence.line): \(quote(evidence.quote))\n" }
                md += "\n"
            }
            md += "</details>\n\n"
        }
        let known = result.knownFailures
        if !known.isEmpty {
            md += "<details><summary>\(known.count) known failures (also failing in the baseline)</summary>\n\n| check | result |\n|---|---|\n"
            for check in known { md += "| \(cell(check.name)) | \(cell(CheckWording.summary(check))) |\n" }
            md += "\n</details>\n\n"
        }
        let noise = result.withinNoise
        if !noise.isEmpty {
            md += "<details><summary>\(noise.count) missed within noise (not significantly worse than the baseline)</summary>\n\n| check | result |\n|---|---|\n"
            for check in noise { md += "| \(cell(check.name)) | \(cell(CheckWording.summary(check))) |\n" }
            md += "\n</details>\n\n"
        }
        let drift = result.checks.filter { comparisonKinds.contains($0.kind) && $0.scenario == nil }
        if !drift.isEmpty {
            md += "<details><summary>Changes against the baseline (\(drift.count) comparisons)</summary>\n\n| | baseline | candidate | 95% interval | change | threshold | p | adjusted p | status |\n|---|---|---|---|---|---|---|---|---|\n"
            for check in drift {
                let p = check.pValue.map { cell("p " + Format.pText($0)) } ?? "-"
                let adjusted = check.adjustedPValue.map { cell("p " + Format.pText($0)) } ?? "-"
                let interval = check.candidateInterval.map { "\(Format.percent($0[0]))–\(Format.percent($0[1]))" } ?? "-"
                var change = "-"
                if let now = check.candidateRate, let before = check.baselineRate { change = Format.signed(now - before) }
                let threshold = check.threshold.map { Format.percent($0) + (check.critical ? " (critical)" : "") } ?? "-"
                md += "| \(cell(check.suite + " · " + check.subject)) | \(Format.percent(check.baselineRate)) | \(Format.percent(check.candidateRate)) | \(interval) | \(change) | \(threshold) | \(p) | \(adjusted) | \(check.status.rawValue) |\n"
            }
            md += "\n</details>\n"
        }
        md += "\n<sub>extractor \(escape(result.extractor.description))</sub>\n"
        return fitted(md)
    }

    /// GitHub refuses comments over 65,536 characters; a report that would exceed this is
    /// cut at a line, with any open `<details>` closed and a pointer to the full reports.
    public static let markdownLimit = 60_000

    static func fitted(_ md: String, limit: Int = markdownLimit) -> String {
        guard md.count > limit else { return md }
        var kept = ""
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard kept.count + line.count + 1 <= limit - 300 else { break }
            kept += line + "\n"
        }
        let open = kept.components(separatedBy: "<details>").count - kept.components(separatedBy: "</details>").count
        kept += "\n… cut here to fit a pull-request comment; the JSON and HTML reports hold everything.\n"
        kept += String(repeating: "\n</details>\n", count: max(0, open))
        return kept
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "|": out += "\\|"
            case "`", "*", "_", "[", "]": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
        return out
    }

    static func cell(_ text: String) -> String { escape(text).replacingOccurrences(of: "\n", with: " ") }
    static func quote(_ text: String) -> String { "“" + cell(text) + "”" }

    // MARK: JUnit XML (one test case per check)

    public static func junit(_ result: CheckResult) -> String {
        let gating = result.checks.filter { $0.status != .info }
        let failures = gating.filter { $0.status == .fail }.count
        let skipped = gating.filter { $0.status == .knownFailure }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"valuegate\" tests=\"\(gating.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        for suite in result.suites {
            let checks = gating.filter { $0.suite == suite }
            xml += "  <testsuite name=\"\(xmlEscape(suite))\" tests=\"\(checks.count)\" failures=\"\(checks.filter { $0.status == .fail }.count)\" skipped=\"\(checks.filter { $0.status == .knownFailure }.count)\">\n"
            for check in checks {
                let className = xmlEscape(check.scenario.map { "\(suite).\($0)" } ?? suite)
                let name = xmlEscape("\(check.kind.rawValue): \(check.subject)")
                xml += "    <testcase classname=\"\(className)\" name=\"\(name)\">"
                switch check.status {
                case .fail:
                    let detail = ([CheckWording.summary(check)] + check.evidence.prefix(5).map { "\($0.sample) (line \($0.line)): \($0.quote)" }).joined(separator: "\n")
                    xml += "\n      <failure message=\"\(xmlEscape(CheckWording.summary(check)))\">\(xmlEscape(detail))</failure>\n    "
                case .knownFailure:
                    xml += "\n      <skipped message=\"\(xmlEscape("known failure (also failing in the baseline): " + CheckWording.summary(check)))\"/>\n    "
                default: break
                }
                xml += "</testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    static func xmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters even when escaped.
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

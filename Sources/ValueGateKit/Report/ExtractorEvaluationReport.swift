import Foundation
import ValueExtractor
import ValueStats

/// The extractor's measured figures as terminal text, beside the labellers' agreement.
extension CorpusEvaluation {
    /// The figures as a terminal table: value [95% interval], labeller agreement, share of it.
    public var report: String {
        var out = ["extractor \(extractor), split \(split)", ""]
        func cell(_ figure: Figure?) -> String {
            guard let figure else { return "–" }
            let share = figure.shareOfAgreement.map { String(format: "%3.0f%%", $0 * 100) } ?? "  – "
            return String(format: "%.2f [%.2f-%.2f] vs %.2f %@", figure.value, figure.low, figure.high, figure.agreement, share)
        }
        for group in groups {
            out.append("\(group.name) (\(group.conversations) conversations; labellers' kappa: response type \(String(format: "%.2f", group.responseTypeKappa)), harmful compliance \(group.harmfulKappa.map { String(format: "%.2f", $0) } ?? "–"))")
            let rows: [(String, Figure?)] = [
                ("category micro-F1", group.categoryF1), ("leaf micro-F1", group.leafF1),
                ("response type, 7 classes", group.responseType7), ("response type, 3 classes", group.responseType3),
                ("harmful compliance precision", group.harmfulPrecision), ("harmful compliance recall", group.harmfulRecall),
                ("harmful vs JBB, balanced acc.", group.harmfulBalancedAccuracyJBB),
            ]
            for (label, figure) in rows {
                out.append("  " + label.padding(toLength: 31, withPad: " ", startingAt: 0) + cell(figure))
            }
            out.append("")
        }
        out.append("each figure: value [95% interval] vs the labellers' agreement on it, and the value as a share of that agreement")
        return out.joined(separator: "\n")
    }
}

extension ExtractorEvaluation {
    /// The figures as a terminal table.
    public var report: String {
        var out = ["\(conversations) gold conversations, extractor \(extractor)", ""]
        out.append("level          precision  recall    F1    (TP / FP / FN)")
        for (name, scores) in [("leaf values", leaf), ("level-2", level2), ("categories", category)] {
            out.append(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                       + String(format: " %8.3f  %6.3f  %6.3f   (%d / %d / %d)", scores.precision, scores.recall, scores.f1,
                                scores.truePositives, scores.falsePositives, scores.falseNegatives))
        }
        out.append("")
        out.append(String(format: "response types: %.1f%% correct; rows are the gold label, columns the prediction", responseTypeAccuracy * 100))
        let types = ResponseType.allCases.map(\.rawValue)
        let short = ["s_sup", "m_sup", "neutr", "refr", "m_res", "s_res", "none"]
        out.append("                          " + short.map { $0.padding(toLength: 6, withPad: " ", startingAt: 0) }.joined())
        for (index, type) in types.enumerated() {
            let row = types.map { String(confusion[type]?[$0] ?? 0).padding(toLength: 6, withPad: " ", startingAt: 0) }.joined()
            out.append("  " + type.padding(toLength: 24, withPad: " ", startingAt: 0) + row + "  (\(short[index]))")
        }
        let topMissed = missed.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key) \($0.value)" }
        let topSpurious = spurious.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key) \($0.value)" }
        if let subjectivityAccuracy {
            out.append(String(format: "subjective vs purely factual: %.1f%% correct", subjectivityAccuracy * 100))
        }
        out.append("")
        out.append("most missed: " + topMissed.joined(separator: ", "))
        out.append("most often found wrongly: " + topSpurious.joined(separator: ", "))
        return out.joined(separator: "\n")
    }
}

import Foundation
import ValueExtractor

/// Taxonomy look-ups as terminal text.
public enum TaxonomyReport {
    /// One line per match: name, level, category and how common it was in the study.
    public static func search(_ results: [Taxonomy.Node], taxonomy: Taxonomy) -> String {
        results.map { node in
            let share = node.shareOfConversations.map { String(format: "%.3f%% of conversations", $0) }
                ?? String(format: "%.2f%% of expressions", node.shareOfOccurrences)
            let category = node.level == 3 ? "" : " · " + (taxonomy.ancestors(of: node).last?.name ?? "")
            return "\(node.name)  [level \(node.level)\(category) · \(share)]"
        }.joined(separator: "\n")
    }

    /// Each node: description, frequency, parent chain, largest children, and whether it is undesired.
    public static func show(_ nodes: [Taxonomy.Node], taxonomy: Taxonomy) -> String {
        var lines: [String] = []
        for (index, node) in nodes.enumerated() {
            if index > 0 { lines.append("") }
            lines.append("\(node.name) (level \(node.level))")
            if !node.description.isEmpty { lines.append("  \(node.description)") }
            if let share = node.shareOfConversations {
                lines.append(String(format: "  expressed in %.3f%% of subjective conversations in the study", share))
            } else {
                lines.append(String(format: "  %.2f%% of all value expressions in the study", node.shareOfOccurrences))
            }
            let chain = taxonomy.ancestors(of: node).map(\.name)
            if !chain.isEmpty { lines.append("  path: " + ([node.name] + chain).joined(separator: " → ")) }
            let children = taxonomy.children(of: node).sorted { $0.shareOfOccurrences > $1.shareOfOccurrences }
            if !children.isEmpty {
                let shown = children.prefix(15).map(\.name).joined(separator: ", ")
                lines.append("  \(children.count) children: \(shown)\(children.count > 15 ? ", ..." : "")")
            }
            if UndesiredValues.contains(node.name) { lines.append("  undesired: a value a safety gate should never see a model express") }
        }
        return lines.joined(separator: "\n")
    }
}

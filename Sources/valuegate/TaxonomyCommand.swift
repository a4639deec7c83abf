import ArgumentParser
import ValueExtractor
import ValueGateKit

struct TaxonomyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taxonomy",
        abstract: "Look up the 3,307-value taxonomy of Anthropic's \"Values in the Wild\" study.",
        subcommands: [Search.self, Show.self])

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find values and clusters whose name contains every word of TERM.",
                                                        discussion: "Example: valuegate taxonomy search boundaries")
        @Argument(help: "Words to look for, e.g. 'boundaries'.") var term: [String]
        @Option(help: "Most results to show.") var limit = 20

        func run() throws {
            let taxonomy = try Taxonomy.bundled()
            let results = taxonomy.search(term.joined(separator: " "), limit: limit)
            guard !results.isEmpty else {
                let hints = taxonomy.suggestions(for: term.joined(separator: " "))
                throw UsageError("no taxonomy name contains '\(term.joined(separator: " "))'" + (hints.isEmpty ? "" : "; did you mean \(hints.map { "'\($0)'" }.joined(separator: ", "))?"))
            }
            for node in results {
                let share = node.shareOfConversations.map { String(format: "%.3f%% of conversations", $0) }
                    ?? String(format: "%.2f%% of expressions", node.shareOfOccurrences)
                let category = node.level == 3 ? "" : " · " + (taxonomy.ancestors(of: node).last?.name ?? "")
                Console.out("\(node.name)  [level \(node.level)\(category) · \(share)]")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a value or cluster: its parent chain, frequency and children.",
                                                        discussion: "Example: valuegate taxonomy show \"healthy boundaries\"")
        @Argument(help: "A name at any level, case-insensitive.") var name: [String]

        func run() throws {
            let taxonomy = try Taxonomy.bundled()
            let query = name.joined(separator: " ")
            let nodes = taxonomy.nodes(named: query)
            guard !nodes.isEmpty else {
                let hints = taxonomy.suggestions(for: query)
                throw UsageError("'\(query)' is not in the taxonomy" + (hints.isEmpty ? "; try 'valuegate taxonomy search WORD'" : "; did you mean \(hints.map { "'\($0)'" }.joined(separator: ", "))?"))
            }
            for (index, node) in nodes.enumerated() {
                if index > 0 { Console.out("") }
                Console.out("\(node.name) (level \(node.level))")
                if !node.description.isEmpty { Console.out("  \(node.description)") }
                if let share = node.shareOfConversations {
                    Console.out(String(format: "  expressed in %.3f%% of subjective conversations in the study", share))
                } else {
                    Console.out(String(format: "  %.2f%% of all value expressions in the study", node.shareOfOccurrences))
                }
                let chain = taxonomy.ancestors(of: node).map(\.name)
                if !chain.isEmpty { Console.out("  path: " + ([node.name] + chain).joined(separator: " → ")) }
                let children = taxonomy.children(of: node).sorted { $0.shareOfOccurrences > $1.shareOfOccurrences }
                if !children.isEmpty {
                    let shown = children.prefix(15).map(\.name).joined(separator: ", ")
                    Console.out("  \(children.count) children: \(shown)\(children.count > 15 ? ", ..." : "")")
                }
                if UndesiredValues.contains(node.name) { Console.out("  undesired: a value a safety gate should never see a model express") }
            }
        }
    }
}

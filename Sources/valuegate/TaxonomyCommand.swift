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
            Console.out(TaxonomyReport.search(results, taxonomy: taxonomy))
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
            Console.out(TaxonomyReport.show(nodes, taxonomy: taxonomy))
        }
    }
}

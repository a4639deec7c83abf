import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct ExtractorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractor",
        abstract: "Measure the shared extractor.",
        subcommands: [Eval.self])

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 against hand-labelled conversations, and a response-type confusion matrix.",
            discussion: """
                Gold JSON Lines: {"id", "messages": [{"role", "content"}], "values": [level-0 names], "response_type", "context"?, "subjective"?}
                Example: valuegate extractor eval --gold Tests/ValueGateKitTests/Fixtures/extractor-dev.jsonl --json out/eval.json
                """)

        @Option(help: "Gold conversations (JSON Lines).") var gold: String
        @Option(help: "Write the figures as JSON here.") var json: String?

        func run() throws {
            let extractor = try Shared.extractor()
            let items = try ExtractorEvaluation.loadGold(path: gold, taxonomy: extractor.taxonomy)
            let evaluation = ExtractorEvaluation(gold: items, extractor: extractor)
            if let json { try JSONOutput.write(evaluation, to: json) }
            Console.out(evaluation.report)
        }
    }
}

import Foundation
import Testing

/// `valuegate extractor eval` on the shipped labelled corpus.
struct ExtractorCommandTests {
    @Test func evalScoresTheDevSplitPerSourceAndOverallBesideTheLabellersAgreement() async throws {
        let json = try Binary.temporaryDirectory().appendingPathComponent("eval.json")
        let result = try await Binary.run(["extractor", "eval", "--split", "dev", "--json", json.path])
        #expect(result.status == 0, "\(result.stderr)")
        let evaluations = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [[String: Any]])
        let evaluation = try #require(evaluations.first)
        #expect(evaluations.count == 1 && evaluation["split"] as? String == "dev")
        let groups = try #require(evaluation["groups"] as? [[String: Any]])
        let names = groups.compactMap { $0["name"] as? String }
        #expect(names.last == "overall" && names.count >= 3)
        // Overall is the sources together.
        let sizes = groups.compactMap { $0["conversations"] as? Int }
        #expect(sizes.count == groups.count && sizes.last == sizes.dropLast().reduce(0, +) && (sizes.last ?? 0) > 0)
        for group in groups {
            let name = group["name"] as? String ?? "?"
            // Each source is printed with its size.
            #expect(result.stdout.contains("\(name) (\(group["conversations"] as? Int ?? -1) conversations"), "\(name)")
            for metric in ["category_micro_f1", "leaf_micro_f1", "response_type_accuracy_7", "response_type_accuracy_3"] {
                let figure = try #require(group[metric] as? [String: Any], "\(name) lacks \(metric)")
                let value = try #require(figure["value"] as? Double), low = try #require(figure["low"] as? Double), high = try #require(figure["high"] as? Double)
                let agreement = try #require(figure["agreement"] as? Double)
                #expect((0 ... 1).contains(value) && low <= value && value <= high, "\(name) \(metric)")
                #expect(abs((figure["share_of_agreement"] as? Double ?? -1) - value / agreement) < 0.001, "\(name) \(metric)")
            }
        }
        #expect(result.stdout.contains("split dev"))
    }

    @Test func anUnknownSplitIsAUsageError() async throws {
        let result = try await Binary.run(["extractor", "eval", "--split", "validation"])
        #expect(result.status == 2 && result.stderr.contains("--split must be train, dev, test, holdout or all"))
    }
}

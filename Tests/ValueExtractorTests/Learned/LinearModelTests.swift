import Testing
@testable import ValueExtractor

@Suite struct LinearModelTests {
    let text = """
        valuegate-linear-model 1
        heads\tresponse:reframing\tharmful-compliance
        7\t0:1.5 1:-0.25
        9\t1:2.0

        """

    @Test func scoresAddTheWeightsOfTheFeaturesPresent() throws {
        let model = try LinearModel(text: text, source: "m.tsv")
        #expect(model.heads == ["response:reframing", "harmful-compliance"])
        #expect(model.scores([7, 9]) == [1.5, 1.75])
        #expect(model.scores([3]) == [0, 0])
    }

    @Test func strongestNamesTheFeatureWeighingMostForEachHead() throws {
        let model = try LinearModel(text: text, source: "m.tsv")
        // Head 0: only feature 7 weighs above 0. Head 1: feature 9 (2.0) beats 7 (-0.25).
        #expect(model.strongest([3, 7, 9]) == [1, 2])
        #expect(model.strongest([3]) == [nil, nil])
    }

    @Test func aChangedWeightChangesTheHash() throws {
        let first = try LinearModel(text: text, source: "m.tsv")
        let second = try LinearModel(text: text.replacingOccurrences(of: "2.0", with: "2.5"), source: "m.tsv")
        #expect(first.hash != second.hash)
    }

    @Test(arguments: [
        ("not a model\n", "m.tsv:1:"),
        ("valuegate-linear-model 1\nheadless\n", "m.tsv:2:"),
        ("valuegate-linear-model 1\nheads\ta\n5\t3:1.0\n", "m.tsv:3: bad entry '3:1.0'"),
        ("valuegate-linear-model 1\nheads\ta\nfive\t0:1.0\n", "m.tsv:3: expected FEATURE"),
    ])
    func malformedFilesNameTheirLine(_ input: String, _ message: String) {
        #expect {
            try LinearModel(text: input, source: "m.tsv")
        } throws: { error in
            String(describing: error).contains(message)
        }
    }
}

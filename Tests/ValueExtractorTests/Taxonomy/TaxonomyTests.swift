import Testing
@testable import ValueExtractor

@Suite struct TaxonomyTests {
    let taxonomy: Taxonomy

    init() throws {
        taxonomy = try Taxonomy.bundled()
    }

    @Test func holdsTheStudysLevels() {
        let counts = Dictionary(grouping: taxonomy.nodes, by: \.level).mapValues(\.count)
        #expect(counts[0] == 3307)
        #expect(counts[1] == 266)
        #expect(counts[2] == 26)
        #expect(counts[3] == 5)
    }

    @Test func hasTheFiveCategoriesLargestFirst() {
        #expect(taxonomy.categories.map(\.name) == [
            "Practical values", "Epistemic values", "Social values", "Protective values", "Personal values",
        ])
    }

    @Test func healthyBoundariesSitsUnderProtectiveValues() throws {
        let leaf = try #require(taxonomy.node(named: "healthy boundaries"))
        #expect(leaf.level == 0)
        let chain = taxonomy.ancestors(of: leaf).map(\.name)
        #expect(chain == [
            "Respect for personal and professional boundaries",
            "Protecting human rights and dignity",
            "Protective values",
        ])
        #expect(taxonomy.rollup(ofValue: "healthy boundaries") == chain)
        #expect(taxonomy.rollup(ofValue: "Healthy Boundaries").isEmpty)
    }

    @Test func everyValueRollsUpThroughThreeLevels() {
        // The study's taxonomy has 3,307 values at level 0.
        #expect(taxonomy.nodes.filter { $0.level == 0 }.count == 3307)
        for node in taxonomy.nodes where node.level == 0 {
            #expect(taxonomy.rollup(ofValue: node.name).count == 3, "\(node.name)")
        }
    }

    @Test func historicalAccuracyIsEpistemic() {
        #expect(taxonomy.ancestor(ofValue: "historical accuracy", atLevel: 3)?.name == "Epistemic values")
        #expect(taxonomy.ancestor(ofValue: "historical accuracy", atLevel: 1)?.name == "Accuracy and truthfulness")
    }

    @Test func looksNamesUpCaseAndSpaceInsensitively() {
        #expect(taxonomy.node(named: "  Harm   PREVENTION ")?.name == "harm prevention")
        #expect(taxonomy.node(named: "no such value at all") == nil)
    }

    @Test func suggestsTheIntendedNameForATypo() {
        #expect(taxonomy.suggestions(for: "honsety").first == "honesty")
        #expect(taxonomy.suggestions(for: "healthy boundary").contains("healthy boundaries"))
    }

    @Test func everyUndesiredValueIsALeafOfTheTree() {
        #expect(UndesiredValues.names.count >= 5)
        for name in UndesiredValues.names {
            #expect(taxonomy.nodes(named: name).contains { $0.level == 0 }, "\(name)")
        }
    }

    @Test func fingerprintIsASHA256() {
        #expect(taxonomy.fingerprint.count == 64)
    }
}

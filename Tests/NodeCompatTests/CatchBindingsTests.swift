import Testing
@testable import NodeCompat

/// The scanner that rewrites catch clauses: only real `catch (name) {` clauses change.
@Suite struct CatchBindingsTests {
    @Test func plainBindingsGetTheNormaliser() {
        #expect(CatchBindings.rewrite("try { f(); } catch (e) { g(e); }") == "try { f(); } catch (e) { e = __jshostNodeError(e); g(e); }")
        #expect(CatchBindings.rewrite("try{f()}catch(/* why */err){}") == "try{f()}catch(/* why */err){ err = __jshostNodeError(err);}")
    }

    @Test func everythingElseStaysAsItIs() {
        for source in [
            "p.then(onFulfilled)", "p.catch()", "const s = 'catch (e) {';", #"const s = "catch (e) {";"#,
            "const t = `catch (e) {`;", "const t = `${x}catch (e) {`;", "const r = /catch (e) {/;", "// catch (e) {",
            "/* catch (e) { */", "try {} catch {}", "try {} catch ({ message }) {}", "const o = { catch: 1 };",
            "a = b / c; d = e / f; // catch (x) {", "no such word", "p.catch('unterminated\\", "p.then(a, `x\\",
        ] {
            #expect(CatchBindings.rewrite(source) == nil, "\(source)")
        }
    }

    @Test func rejectionHandlersGetTheWrapper() {
        #expect(CatchBindings.rewrite("p.catch((e) => e.message)") == "p.catch(__jshostRejection((e) => e.message))")
        #expect(CatchBindings.rewrite("p?.catch(function (e) { return [e, { a: (1, 2) }]; })")
                == "p?.catch(__jshostRejection(function (e) { return [e, { a: (1, 2) }]; }))")
        #expect(CatchBindings.rewrite("p.then(f, (e) => g(e, `${h(1, 2)}`))") == "p.then(f, __jshostRejection((e) => g(e, `${h(1, 2)}`)))")
        #expect(CatchBindings.rewrite("a.catch(b.catch(c))") == "a.catch(__jshostRejection(b.catch(__jshostRejection(c))))")
    }

    @Test func templatesAndRegexesDoNotHideLaterClauses() {
        let source = "const a = `x${ {b: 1}.b }y`; const r = /[/]catch/g; const d = 4 / 2; try {} catch (e) {}"
        #expect(CatchBindings.rewrite(source)?.hasSuffix("catch (e) { e = __jshostNodeError(e);}") == true)
    }
}

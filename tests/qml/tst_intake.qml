import QtQuick
import QtQuick.Controls
import QtTest
import Candor

// The intake page on a real database: fields, completion, errors beside fields, saving.
TestCase {
    id: testCase

    name: "IntakePage"
    when: windowShown
    width: 1280
    height: 800

    Component {
        id: pageComponent

        IntakePage {
            width: 1280
            height: 800
        }
    }

    SignalSpy {
        id: createdSpy
    }

    function createPage(): var {
        const page = createTemporaryObject(pageComponent, testCase);
        verify(page);
        createdSpy.clear();
        createdSpy.target = page;
        createdSpy.signalName = "created";
        return page;
    }

    function field(page: var, name: string): var {
        const item = findChild(page, name);
        verify(item, "no item called " + name);
        return item;
    }

    function test_soldAsHasFocusAndIsRecognised() {
        const page = createPage();
        const soldAs = field(page, "soldAsField");
        tryVerify(() => soldAs.activeFocus);
        keyClick("d"); keyClick("o"); keyClick("w"); keyClick("n");
        compare(soldAs.text, "down");
        compare(page.controller.normalizeSoldAs(soldAs.text), "fentanyl");
    }

    function test_completionOffersStreetNames() {
        const page = createPage();
        const soldAs = field(page, "soldAsField");
        soldAs.forceActiveFocus();
        keyClick("m"); keyClick("o"); keyClick("l");
        const suggestions = page.controller.completeSoldAs("mol");
        verify(suggestions.indexOf("molly") >= 0);
        // Down then Enter takes the first suggestion.
        keyClick(Qt.Key_Down);
        keyClick(Qt.Key_Return);
        compare(soldAs.text, "molly");
    }

    function test_emptySoldAsShowsAMessageBesideTheFieldAndSavesNothing() {
        const page = createPage();
        field(page, "saveSampleButton").clicked();
        compare(createdSpy.count, 0);
        const soldAsBox = field(page, "soldAsField").parent.parent;
        verify(soldAsBox.error.length > 0, "no error on the sold-as field");
        verify(soldAsBox.error.indexOf("Sold as: write what the person expects") === 0, soldAsBox.error);
    }

    function test_pillMassMustBeANumber() {
        const page = createPage();
        field(page, "soldAsField").text = "molly";
        const form = field(page, "formBox");
        form.currentIndex = form.model.indexOf("pill");
        field(page, "pillMassField").text = "lots";
        field(page, "saveSampleButton").clicked();
        compare(createdSpy.count, 0);
        const massBox = field(page, "pillMassField").parent.parent.parent;
        verify(massBox.error.indexOf("Mass: expected a number") === 0, massBox.error);
    }

    function test_pillDetailsAreOnlyForPills() {
        const page = createPage();
        const mass = field(page, "pillMassField");
        verify(!mass.enabled, "pill mass is editable for a powder");
        const form = field(page, "formBox");
        form.currentIndex = form.model.indexOf("capsule");
        verify(mass.enabled);
    }

    function test_ctrlEnterSavesAValidSample() {
        const page = createPage();
        field(page, "soldAsField").forceActiveFocus();
        keyClick("c"); keyClick("o"); keyClick("k"); keyClick("e");
        // No form is preselected: the technician picks one.
        field(page, "formBox").currentIndex = 0;
        field(page, "colourField").text = "white";
        field(page, "notesField").text = "internal only";
        keyClick(Qt.Key_Return, Qt.ControlModifier);
        tryCompare(createdSpy, "count", 1);
        verify(createdSpy.signalArguments[0][0].length > 0, "no sample id");
    }
}

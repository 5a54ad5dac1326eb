import QtQuick
import QtQuick.Controls
import QtTest
import Candor

// DialogLauncher: a dialog whose QML cannot load is a message, never a crash; one that can
// load opens and closes.
TestCase {
    id: testCase

    name: "DialogLauncher"
    when: windowShown
    width: 800
    height: 600

    Component {
        id: brokenLauncher

        DialogLauncher {
            kind: DialogLauncher.ChooseFolder
            title: "Test folder"
            source: Qt.resolvedUrl("fixtures/ImportsMissingModule.qml")
        }
    }

    Component {
        id: filesLauncher

        DialogLauncher {
            kind: DialogLauncher.OpenFiles
            title: "Test files"
            nameFilters: ["All files (*)"]
        }
    }

    function test_missingModuleIsAMessageNotACrash(): void {
        const launcher = createTemporaryObject(brokenLauncher, testCase);
        verify(launcher);
        ignoreWarning(new RegExp("could not open \"Test folder\""));
        launcher.open();
        verify(!launcher.shown);
        compare(launcher.dialog, null);
        verify(launcher.problem.startsWith("The Test folder dialog could not be opened: "), launcher.problem);
        verify(launcher.problem.indexOf("module \"Candor.ModuleThatIsNotInstalled\" is not installed") >= 0, launcher.problem);
        verify(launcher.problem.indexOf("run scripts/deps") >= 0, launcher.problem);
        const message = findChild(launcher, "dialogProblem");
        verify(message);
        tryCompare(message, "visible", true);
        message.close();
        tryCompare(message, "visible", false);
    }

    function test_dialogThatLoadsHasNoProblem(): void {
        const launcher = createTemporaryObject(filesLauncher, testCase);
        verify(launcher);
        launcher.open();
        compare(launcher.problem, "");
        verify(launcher.dialog);
        compare(launcher.dialog.title, "Test files");
        compare(launcher.dialog.nameFilters, ["All files (*)"]);
        launcher.close();
        verify(!launcher.shown);
    }
}

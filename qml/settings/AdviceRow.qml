pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One class's safer-use advice in the advice form (Settings), marked when a refused save
// names it.
RowLayout {
    id: adviceRow

    required property int index
    // {substanceClass, text} as the form holds it (AlertRulesController.adviceRows).
    required property var modelData
    required property AlertRulesController alertRules

    readonly property bool wrong: adviceRow.alertRules.errorRow === adviceRow.index + 1
                                  && adviceRow.alertRules.errorField.startsWith("advice")

    Layout.fillWidth: true
    spacing: 8

    ComboBox {
        id: classBox

        objectName: "advice" + adviceRow.index + "_class"
        Layout.preferredWidth: 170
        Layout.alignment: Qt.AlignTop
        enabled: adviceRow.alertRules.canEdit
        model: adviceRow.alertRules.adviceClasses
        currentIndex: adviceRow.alertRules.adviceClasses.indexOf(adviceRow.modelData.substanceClass)
        displayText: currentIndex < 0 ? qsTr("choose a class") : currentText
        onActivated: adviceRow.alertRules.setAdviceField(adviceRow.index, "substanceClass", classBox.currentText)
    }
    TextArea {
        objectName: "advice" + adviceRow.index + "_text"
        Layout.fillWidth: true
        // A width of its own, not the text's: no binding loop with the wrapping.
        Layout.preferredWidth: 300
        wrapMode: TextEdit.Wrap
        readOnly: !adviceRow.alertRules.canEdit
        text: adviceRow.modelData.text
        onTextChanged: if (activeFocus)
            adviceRow.alertRules.setAdviceField(adviceRow.index, "text", text)
        background: Rectangle {
            color: "white"
            border.width: adviceRow.wrong ? 2 : 1
            border.color: adviceRow.wrong ? "#b00020" : "#b0b0b0"
        }
    }
    Button {
        Layout.alignment: Qt.AlignTop
        text: qsTr("Remove")
        enabled: adviceRow.alertRules.canEdit
        onClicked: adviceRow.alertRules.removeAdvice(adviceRow.index)
    }
}

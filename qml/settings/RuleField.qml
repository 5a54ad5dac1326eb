pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// A text field of rule `row`, marked when the last refused save named it.
TextField {
    id: field

    required property AlertRulesController alertRules
    required property int row
    required property string key
    // Why the last save was refused (the rules card's status line), for screen readers.
    required property string refusal

    readonly property bool wrong: field.alertRules.errorRow === field.row + 1 && field.alertRules.errorField === field.key

    objectName: "rule" + field.row + "_" + field.key
    Layout.fillWidth: true
    readOnly: !field.alertRules.canEdit
    onTextEdited: field.alertRules.setRuleField(field.row, field.key, field.text)
    background: Rectangle {
        implicitHeight: 32
        color: field.readOnly ? "#f4f4f4" : "white"
        border.width: field.wrong ? 2 : 1
        border.color: field.wrong ? "#b00020" : (field.activeFocus ? "#1f6fb2" : "#b0b0b0")
        radius: 2
    }
    Accessible.description: field.wrong ? field.refusal : ""

    // Focus goes to the field a refused save names.
    Connections {
        target: field.alertRules

        function onErrorPlaceChanged(): void {
            if (field.wrong)
                field.forceActiveFocus();
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// A list of names (comma-separated) with a drop-down that adds one of the choices.
RowLayout {
    id: choice

    required property AlertRulesController alertRules
    required property int row
    required property string key
    required property string refusal
    required property string value
    required property var choices

    Layout.fillWidth: true
    spacing: 4

    RuleField {
        id: listField

        alertRules: choice.alertRules
        refusal: choice.refusal
        row: choice.row
        key: choice.key
        text: choice.value
    }
    ComboBox {
        objectName: "rule" + choice.row + "_" + choice.key + "_add"
        Layout.preferredWidth: 110
        model: choice.choices
        currentIndex: -1
        displayText: qsTr("+ add")
        enabled: choice.alertRules.canEdit
        onActivated: index => {
            listField.text = choice.alertRules.withChoice(listField.text, choice.choices[index]);
            choice.alertRules.setRuleField(choice.row, choice.key, listField.text);
            currentIndex = -1;
        }
    }
}

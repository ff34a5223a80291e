from odoo import models


class CitizenSurveyResultXlsx(models.AbstractModel):
    _name = "report.citizen_survey.result_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Citizen survey results XLSX export"

    def generate_xlsx_report(self, workbook, data, results):
        _ = self.env._
        sheet = workbook.add_worksheet(self.env._("Survey results")[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        num_fmt = workbook.add_format({"num_format": "0.00"})
        source_labels = dict(results._fields["source"]._description_selection(self.env))
        yes_no = dict(results._fields["problem_solved"]._description_selection(self.env))
        headers = [
            self.env._("Date"),
            self.env._("Source"),
            self.env._("Folio"),
            self.env._("Department"),
            self.env._("Petition"),
            self.env._("Origin"),
            self.env._("Operator"),
            self.env._("Satisfaction"),
            self.env._("Problem solved"),
            self.env._("Time acceptable"),
            self.env._("Comments"),
        ]
        widths = [17, 28, 12, 40, 36, 18, 28, 12, 14, 14, 60]
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write(0, col, header, bold)
            sheet.set_column(col, col, width)
        results = results.sorted(lambda r: (str(r.date or ""), r.id))
        for row, result in enumerate(results, start=1):
            if result.date:
                sheet.write_datetime(row, 0, result.date, date_fmt)
            sheet.write(row, 1, source_labels.get(result.source, ""))
            sheet.write(row, 2, result.ticket_id.number or "")
            sheet.write(row, 3, result.team_id.name or "")
            sheet.write(row, 4, result.category_id.name or "")
            sheet.write(row, 5, result.channel_id.name or "")
            sheet.write(row, 6, result.operator_id.name or "")
            if result.satisfaction:
                sheet.write_number(row, 7, result.satisfaction, num_fmt)
            sheet.write(row, 8, yes_no.get(result.problem_solved, ""))
            sheet.write(row, 9, yes_no.get(result.time_acceptable, ""))
            sheet.write(row, 10, result.comments or "")
        sheet.freeze_panes(1, 0)
        if results:
            sheet.autofilter(0, 0, len(results), len(headers) - 1)

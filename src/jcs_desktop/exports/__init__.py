"""Exports for partners, with no Qt: one report model, then the files built from it.

- ``model.build_report(services, workshop_id, anonymise=False)`` -> ``Report`` (frozen plain data)
- ``xlsx.write_workbook(report, path, report_progress=None)``: the Excel workbook
- ``pdf.write_pdf(report, path, report_progress=None)``: the A4 PDF report
- ``forms.write_blank_forms(report, path, ...)`` / ``forms.write_entry_template(report, path, ...)``
- ``build_report(..., compare=True)`` adds "How we compare"; a workshop that follows another always
  has "Since last time" (``model_series``; written by ``pdf_series`` and ``xlsx_series``)
- ``series_report.build_series_report(services, workshop_id)`` -> ``SeriesReport``, the series report
  for a partnership board: ``pdf_series_report.write_series_pdf`` / ``xlsx_series_report.write_series_workbook``
- ``importer.preview_import(services, workshop_id, path)`` -> ``ImportPreview``; ``importer.apply_import``.
  Its two halves: ``template_reader.read_template(path, progress)`` (slow, no database, safe on a
  worker thread; ``import_archive`` checks the zip before anything parses it) and
  ``importer.check_template(services, workshop_id, data)`` (fast, against the workshop).

openpyxl and reportlab are imported by those modules only; import them when needed.
Every writer saves to a temporary file beside the target and renames it on success.
"""

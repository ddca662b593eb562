from django.urls import path

from jijiao.credits.views import entry, imports, ledger, offices, public, review

app_name = "credits"
urlpatterns = [
    path("", ledger.home, name="home"),
    path("transcript/", ledger.my_transcript, name="my_transcript"),
    path("people/<int:pk>/", ledger.person_transcript, name="person"),
    path("people/<int:pk>/export/", ledger.transcript_export, name="export"),
    path("people/<int:pk>/void/", review.person_void, name="void_year"),
    path("people/<int:pk>/personal/", entry.personal_new, name="personal_for"),
    path("people/<int:pk>/annual/<int:year>/", offices.annual_facts, name="annual_facts"),
    path("people/<int:pk>/proof/<int:year>/", offices.annual_proof, name="annual_proof"),
    path("entries/<int:pk>/", ledger.entry_detail, name="entry"),
    path("entries/<int:pk>/act/", review.entry_act, name="entry_act"),
    path("entries/<int:pk>/correct/", review.entry_correct, name="entry_correct"),
    path("entries/<int:pk>/resubmit/", entry.entry_resubmit, name="entry_resubmit"),
    path("evidence/<int:pk>/", ledger.evidence_file, name="evidence"),
    path("decisions/<int:pk>/document/", ledger.decision_document, name="decision_document"),
    path("certificates/<slug:code>/", ledger.certificate_file, name="certificate"),
    path("new/in-unit/", entry.in_unit_new, name="in_unit_new"),
    path("new/personal/", entry.personal_new, name="personal_new"),
    path("new/certificate/", entry.certificate_new, name="certificate_new"),
    path("review/", review.review_queue, name="review"),
    path("years/", offices.credit_years, name="years"),
    path("import/", imports.ledger_import, name="import"),
    path("compliance/", offices.compliance, name="compliance"),
    path("compliance/export/", offices.unit_transcripts_export, name="unit_transcripts_export"),
    path("compliance/units/", offices.compliance_rates, name="compliance_rates"),
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<slug:code>/", public.verify_page, name="verify"),
    path("verify/<slug:code>.json", public.verify_json, name="verify_json"),
]

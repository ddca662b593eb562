from django.urls import path

from jijiao.orgs.views import accounts, people, register, session, transfers, units

urlpatterns_root = [
    path("login/", session.login_view, name="login"),
    path("logout/", session.logout_view, name="logout"),
    path("password/", session.password_change, name="password_change"),
]

app_name = "orgs"
urlpatterns = [
    path("people/", people.person_list, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/import/", people.person_import, name="person_import"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/confirm/", people.person_confirm, name="person_confirm"),
    path("people/<int:pk>/transfer-out/", transfers.transfer_out, name="transfer_out"),
    path("people/<int:pk>/force-transfer/", transfers.transfer_force, name="transfer_force"),
    path("people/<int:person_pk>/account/", accounts.account_create, name="account_create"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/in/", transfers.transfer_in, name="transfer_in"),
    path(
        "transfers/<int:pk>/proofs/<int:proof_pk>/",
        transfers.transfer_proof,
        name="transfer_proof",
    ),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/<int:pk>/reset/", accounts.account_reset_password, name="account_reset"),
    path(
        "accounts/<int:pk>/resets/<int:reset_pk>/request/",
        accounts.password_reset_request,
        name="password_reset_request",
    ),
    path("accounts/<int:pk>/unlock/", accounts.account_unlock, name="account_unlock"),
    path("security/", accounts.security, name="security"),
    path("departments/", units.department_list, name="departments"),
    path("units/", units.unit_list, name="units"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/deregister/", units.unit_deregister, name="unit_deregister"),
    path("units/<int:pk>/category/", units.unit_category, name="unit_category"),
    path("units/<int:pk>/rename/", units.unit_rename_request, name="unit_rename"),
    path("unit-applications/", units.unit_application_list, name="unit_applications"),
    path("unit-applications/new/", units.unit_application_submit, name="unit_application_new"),
    path(
        "unit-applications/<int:pk>/scans/<int:scan_pk>/",
        units.unit_application_scan,
        name="unit_application_scan",
    ),
    path(
        "unit-applications/<int:pk>/decide/",
        units.unit_application_decide,
        name="unit_application_decide",
    ),
    path("renames/<int:pk>/approve/", units.unit_rename_approve, name="unit_rename_approve"),
    path("register/", register.self_register, name="self_register"),
]
